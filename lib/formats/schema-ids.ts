// Format identifiers, kept apart from the validators so code that only writes records (the
// service worker) does not bundle the validation library.

/** Schema id written into every new capture's metadata. Bump on incompatible change; keep old ones verifying. */
export const CAPTURE_SCHEMA = 'prooftrail.capture/2';
/** The first capture schema (visible-area captures), still verified. */
export const CAPTURE_SCHEMA_V1 = 'prooftrail.capture/1';
/** Schema id of a deletion record. */
export const DELETION_SCHEMA = 'prooftrail.deletion/1';
/** Name of the manifest at the root of every bundle. */
export const MANIFEST_PATH = 'manifest.json';
/** Identifies a ProofTrail bundle manifest. */
export const BUNDLE_FORMAT = 'prooftrail-bundle';
/**
 * Bundle format version written by this code (docs/bundle-format.md). 2 adds page text and
 * snapshots; 3 adds the signed ledger and the public key;
 * 4 adds scopes, readable names under controls/, reports, and teammates' ledgers; 5 signs the export
 * itself (an `export` ledger entry commits to the manifest's bytes) and requires canonical records.
 */
export const BUNDLE_FORMAT_VERSION = 5;
/** Versions the verifier reads: every one ever written (1–4 only when unsigned bundles are allowed). */
export const READABLE_BUNDLE_VERSIONS: readonly number[] = [1, 2, 3, 4, 5];
/** Versions whose export is not signed: read only when the auditor asks for it (`--allow-unsigned`). */
export const UNSIGNED_BUNDLE_VERSIONS: readonly number[] = [1, 2, 3, 4];
/** Version of the ledger entry format (docs/ledger-format.md). */
export const LEDGER_ENTRY_VERSION = 1;
/** `prev` of the first ledger entry. */
export const GENESIS_PREV = '0'.repeat(64);
