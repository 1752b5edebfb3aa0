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
/** The self-contained verifier page inside every bundle. */
export const VIEWER_PATH = 'verify.html';
