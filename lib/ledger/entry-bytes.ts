import type { LedgerEntry } from '../formats/ledger-entry';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';

/** The exact bytes an entry is hashed, signed and timestamped as: UTF-8 of its RFC 8785 form. */
export function entryBytes(entry: LedgerEntry): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(canonicalJson(entry)) as Uint8Array<ArrayBuffer>;
}

/** SHA-256 (hex) of an entry's bytes: the next entry's `prev`. */
export function entryHash(entry: LedgerEntry): Promise<string> {
  return sha256Hex(entryBytes(entry));
}
