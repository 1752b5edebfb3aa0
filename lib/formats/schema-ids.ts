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
 * itself (an `export` ledger entry commits to the manifest's bytes) and requires canonical records;
 * 6 may carry version-2 ledger entries, which name no control, page or note; 7 adds effective dates
 * on capture records, the coverage sheet and auditor request folders.
 */
export const BUNDLE_FORMAT_VERSION = 7;
/**
 * Format 8: the write-once layout (docs/bundle-format.md, Layouts). Each capture's files are
 * written once under `captures/`, and each control folder holds only `captures.csv`, the index of
 * its captures. A per-control export (the default) is still written as format 7, byte for byte.
 */
export const WRITE_ONCE_BUNDLE_VERSION = 8;
/**
 * Format 9: every bundle carries `SHA256SUMS` (docs/bundle-format.md, SHA256SUMS), listed in the
 * manifest with the role `checksums`; both layouts, `layout` always written. Every export is
 * written as format 9; formats 5–8 keep verifying as before.
 */
export const CHECKSUMS_BUNDLE_VERSION = 9;
/** The layouts a format-8 manifest may name; `per-control` is format 7's, the default. */
export const BUNDLE_LAYOUTS = ['per-control', 'write-once'] as const;
export type BundleLayout = (typeof BUNDLE_LAYOUTS)[number];
/** Signed formats: the same manifest fields; 6 and later may hold version-2 ledger entries. */
export const SIGNED_BUNDLE_VERSIONS = [5, 6, 7] as const;
/** Versions the verifier reads: every one ever written (1–4 only when unsigned bundles are allowed). */
export const READABLE_BUNDLE_VERSIONS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Versions whose export is not signed: read only when the auditor asks for it (`--allow-unsigned`). */
export const UNSIGNED_BUNDLE_VERSIONS: readonly number[] = [1, 2, 3, 4];
/**
 * Version of the ledger entries this code writes (docs/ledger-format.md). Version 1 entries named
 * the capture's controls and page; version 2 entries commit to them only through the hashes of the
 * records that hold them, so a scoped bundle says nothing about captures outside its scope.
 */
export const LEDGER_ENTRY_VERSION = 2;
/** Entry versions a verifier reads. */
export const LEDGER_ENTRY_VERSIONS = [1, 2] as const;
/** `prev` of the first ledger entry. */
export const GENESIS_PREV = '0'.repeat(64);
