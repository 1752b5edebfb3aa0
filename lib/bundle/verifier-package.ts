import { version } from '../../package.json';

/**
 * The npm package an auditor runs to verify a bundle, pinned to the release that wrote it
 * (`npx prooftrail@X.Y.Z verify …`; docs/releasing.md): without the version npx would run whatever
 * is newest, or a copy already installed.
 */
export const VERIFIER_PACKAGE = `prooftrail@${version}`;

/** The release's version, from package.json when it was built. */
export const RELEASE_VERSION: string = version;
