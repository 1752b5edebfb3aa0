// Names of the bundle's fixed files, apart from the validators so writers need not bundle them.

/** Identifies the public key file of a bundle. */
export const PUBLIC_KEY_FORMAT = 'prooftrail-public-key';
/** Path of the public key file in a bundle. */
export const PUBLIC_KEY_PATH = 'public-key.json';
/** Path of the ledger in a bundle. */
export const LEDGER_PATH = 'ledger.jsonl';
/** Folder of the ledger entries' exact bytes. */
export const LEDGER_ENTRIES_DIR = 'ledger';

/** `ledger/000042.json`: the exact bytes of entry 42, for timestamp checks with stock tools. */
export function ledgerEntryPath(seq: number): string {
  return `${LEDGER_ENTRIES_DIR}/${String(seq).padStart(6, '0')}.json`;
}

/** `ledger/000042.tsr`: the RFC 3161 reply stamping entry 42 (n > 1: from a further TSA). */
export function timestampPath(seq: number, n = 1): string {
  return `${LEDGER_ENTRIES_DIR}/${String(seq).padStart(6, '0')}${n > 1 ? `.${n}` : ''}.tsr`;
}
/** Certificates carried by the bundle's timestamp tokens, PEM. */
export const TSA_CHAIN_PATH = 'tsa-chain.pem';
/** How to check the bundle by hand. */
export const AUDITOR_README_PATH = 'README-AUDITOR.txt';
/**
 * Format 9: the SHA-256 of every file the manifest lists but itself, as `sha256sum -c` reads them
 * (lib/formats/sha256sums.ts).
 */
export const SHA256SUMS_PATH = 'SHA256SUMS';
/** The self-contained verifier page inside every bundle. */
export const VIEWER_PATH = 'verify.html';

/** Format 4: the folder holding the capture folders, one per control. */
export const CONTROLS_DIR = 'controls';
/** Format 4: teammates' ledgers, one folder per key. */
export const SIGNERS_DIR = 'signers';
/** `signers/<first 16 characters of the fingerprint>/`: where an imported key's ledger goes. */
export function signerFolder(fingerprint: string): string {
  return `${SIGNERS_DIR}/${fingerprint.slice(0, 16)}/`;
}
/** The report a person reads, at the root of a format-4 bundle. */
export const INDEX_PATH = 'index.html';
/** One row per capture and control. */
export const CSV_PATH = 'evidence.csv';
/** OSCAL Assessment Results. */
export const OSCAL_PATH = 'oscal/assessment-results.json';
/** The JSON Schema of manifest.json. */
export const MANIFEST_SCHEMA_PATH = 'schemas/manifest.schema.json';
/** Format 7: coverage of the audit period, one row per control and period (docs/report-formats.md). */
export const COVERAGE_CSV_PATH = 'coverage.csv';
/** Format 8, write-once layout: the folder holding each capture's files, once. */
export const CAPTURES_DIR = 'captures';
/** Format 8, write-once layout: a control folder's index of its captures (`controls/<c>/captures.csv`). */
export const CONTROL_INDEX_NAME = 'captures.csv';
