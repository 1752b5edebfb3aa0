import { GENESIS_PREV, LEDGER_ENTRY_VERSION } from './schema-ids';
import { z } from './zod';

export { GENESIS_PREV, LEDGER_ENTRY_VERSION };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/**
 * One entry of the append-only ledger. Its bytes are the UTF-8 of its RFC 8785 canonical JSON; its
 * hash is SHA-256 of those bytes; the next entry's `prev` is that hash; the device key signs those
 * bytes (ECDSA P-256, SHA-256, signature as r||s, base64url).
 */
export const ledgerEntrySchema = z
  .object({
    v: z.literal(LEDGER_ENTRY_VERSION),
    /** 1 for the first entry, then +1 each. */
    seq: z.number().int().positive(),
    /** SHA-256 (hex) of the previous entry's bytes; 64 zeros for the first. */
    prev: sha256,
    /** When the entry was made: local clock, UTC ISO-8601 with ms. */
    at: z.string(),
    /** What happened. */
    type: z.enum(['capture', 'deletion', 'edit', 'import', 'export']),
    /** What it concerns: a capture id, a catalog's framework or bundle name for imports, the bundle's file name for exports. */
    subject: z.string().min(1),
    /** SHA-256 (hex) of each artifact the entry vouches for, by name. */
    artifacts: z.record(z.string(), sha256),
    /** A short, human-readable summary (controls, page, reason…). */
    content: z.record(z.string(), z.unknown()),
    /** Who acted, from settings. */
    actor: z.strictObject({ name: z.string(), email: z.string() }),
    /** RFC 7638 thumbprint of the signing key. */
    key: z.string().min(1),
  })
  .strict();

/** A ledger entry. */
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** A stored or exported entry: the entry, its hash and its signature. */
export const ledgerRecordSchema = z.strictObject({
  entry: ledgerEntrySchema,
  hash: sha256,
  signature: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url'),
});

/** One line of `ledger.jsonl`, one row of the `ledger` table. */
export type LedgerRecord = z.infer<typeof ledgerRecordSchema>;
