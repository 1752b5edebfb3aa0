/**
 * One object of this browser's evidence to upload to the team store (docs/team-store.md), from the
 * moment it is planned until the store holds it. The body is never copied here: `source` says
 * where it is stored locally, and it is read when it is sent.
 */
export type StoreObjectSource =
  | { kind: 'public-key' }
  | { kind: 'ledger-record'; seq: number }
  | { kind: 'timestamp'; seq: number; tsaUrl: string }
  | { kind: 'capture-record'; captureId: string }
  | { kind: 'image'; captureId: string }
  | { kind: 'page-text'; captureId: string }
  | { kind: 'page-snapshot'; captureId: string }
  | { kind: 'deletion-record'; deletionId: string };

export interface StoreObjectRow {
  /** The object's key in the bucket, prefix included. */
  key: string;
  source: StoreObjectSource;
  /** The ledger entry it belongs to (the order objects are sent in). */
  seq: number;
  /** The capture it belongs to, when it belongs to one (the library shows its state). */
  captureId?: string;
  /** SHA-256 of the exact bytes, hex: signed as the payload hash of the upload. */
  sha256: string;
  size: number;
  contentType: string;
  /**
   * waiting: not yet in the store; stored: the store holds these bytes; conflict: the store holds
   * other bytes under the key (never overwritten); gone: deleted here before it could be sent (its
   * deletion entry, which names its hash, is sent instead).
   */
  state: 'waiting' | 'stored' | 'conflict' | 'gone';
  /** Failed attempts so far. */
  tries: number;
  /** Why the last attempt failed. */
  reason?: string;
  /** When to try again (ISO), for waiting rows. */
  nextAttemptAt: string;
  storedAt?: string;
  versionId?: string;
  /** The object's lock as the store reported it (read back for images). */
  lockMode?: string;
  retainUntil?: string;
}
