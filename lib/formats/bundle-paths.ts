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
