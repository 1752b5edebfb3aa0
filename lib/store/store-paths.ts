/**
 * Object keys inside an owner's folder `PREFIX/owners/<fingerprint>/` (docs/team-store.md). The
 * names follow the bundle's write-once layout, so a bundle is assembled from the store by copying.
 */
const pad = (seq: number) => String(seq).padStart(6, '0');

export const storePaths = {
  publicKey: () => 'public-key.json',
  /** The signed ledger record `{entry, hash, signature}`: one canonical line of ledger.jsonl. */
  ledgerRecord: (seq: number) => `ledger/${pad(seq)}.jsonl`,
  /** An RFC 3161 reply stamping entry `seq`, named by the first 16 hex digits of its SHA-256. */
  timestamp: (seq: number, tokenSha256: string) => `ledger/${pad(seq)}.${tokenSha256.slice(0, 16)}.tsr`,
  captureRecord: (captureId: string) => `captures/${captureId}.json`,
  image: (captureId: string) => `captures/${captureId}.png`,
  pageText: (captureId: string) => `captures/${captureId}.txt`,
  pageSnapshot: (captureId: string, format: 'mhtml' | 'html') => `captures/${captureId}.${format}`,
  deletionRecord: (deletionId: string) => `deletions/${deletionId}.json`,
} as const;

/** Ledger records, tokens and the key; the parsing side of `storePaths` for readers. */
export function parseOwnerPath(
  path: string,
):
  | { kind: 'public-key' }
  | { kind: 'ledger-record'; seq: number }
  | { kind: 'timestamp'; seq: number; tag: string }
  | { kind: 'capture-file'; captureId: string; extension: 'json' | 'png' | 'txt' | 'mhtml' | 'html' }
  | { kind: 'deletion-record'; deletionId: string }
  | { kind: 'connection-test' }
  | undefined {
  if (path === 'public-key.json') return { kind: 'public-key' };
  let m = /^ledger\/(\d{6,})\.jsonl$/.exec(path);
  if (m) return { kind: 'ledger-record', seq: Number(m[1]) };
  m = /^ledger\/(\d{6,})\.([0-9a-f]{16})\.tsr$/.exec(path);
  if (m) return { kind: 'timestamp', seq: Number(m[1]), tag: m[2]! };
  m = /^captures\/([A-Za-z0-9-]+)\.(json|png|txt|mhtml|html)$/.exec(path);
  if (m) return { kind: 'capture-file', captureId: m[1]!, extension: m[2] as 'json' };
  m = /^deletions\/([A-Za-z0-9-]+)\.json$/.exec(path);
  if (m) return { kind: 'deletion-record', deletionId: m[1]! };
  if (path.startsWith('connection-tests/')) return { kind: 'connection-test' };
  return undefined;
}

/**
 * The most bytes a reader reads of each object: the ledger limits the bundle verifier applies
 * (lib/verify/verify-ledger.ts), and for captures what a capture can hold.
 */
export const STORE_READ_LIMITS = {
  publicKey: 64 << 10,
  ledgerRecord: 1 << 20,
  timestamp: 256 << 10,
  captureRecord: 1 << 20,
  deletionRecord: 1 << 20,
  /** Images, page text and snapshots. */
  file: 512 << 20,
} as const;

/** The read limit for an object of the owner folder at `path`. */
export function readLimitOf(path: string): number {
  const kind = parseOwnerPath(path)?.kind;
  if (kind === 'public-key') return STORE_READ_LIMITS.publicKey;
  if (kind === 'ledger-record') return STORE_READ_LIMITS.ledgerRecord;
  if (kind === 'timestamp') return STORE_READ_LIMITS.timestamp;
  if (kind === 'deletion-record') return STORE_READ_LIMITS.deletionRecord;
  if (kind === 'capture-file' && path.endsWith('.json')) return STORE_READ_LIMITS.captureRecord;
  return STORE_READ_LIMITS.file;
}
