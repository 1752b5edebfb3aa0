// Format identifiers, kept apart from the validators so code that only writes records (the
// service worker) does not bundle the validation library.

/** Schema id written into every capture's metadata. Bump on incompatible change; keep old ones verifying. */
export const CAPTURE_SCHEMA = 'prooftrail.capture/1';
/** Schema id of a deletion record. */
export const DELETION_SCHEMA = 'prooftrail.deletion/1';
/** Name of the manifest at the root of every bundle. */
export const MANIFEST_PATH = 'manifest.json';
/** Identifies a ProofTrail bundle manifest. */
export const BUNDLE_FORMAT = 'prooftrail-bundle';
/** Bundle format version written by this code. Version 1: docs/bundle-format.md. */
export const BUNDLE_FORMAT_VERSION = 1;
