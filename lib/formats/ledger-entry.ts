import { GENESIS_PREV, LEDGER_ENTRY_VERSION, LEDGER_ENTRY_VERSIONS } from './schema-ids';
import { z } from './zod';

export { GENESIS_PREV, LEDGER_ENTRY_VERSION, LEDGER_ENTRY_VERSIONS };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');
const utc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected UTC ISO-8601 with ms');
const count = z.number().int().nonnegative();
const uuid = z.string().uuid();

/**
 * What a version-2 entry of each type holds beyond the common fields. Nothing here names a control,
 * a page, a title, a note, a reason or a file: those live in the records the artifacts hash
 * (capture metadata, deletion record, manifest), which a bundle carries only for what is in scope.
 */
export const entryV2Parts = {
  capture: {
    subject: uuid,
    artifacts: z.strictObject({
      metadata: sha256,
      image: sha256,
      pageText: sha256.optional(),
      pageSnapshot: sha256.optional(),
    }),
    content: z.strictObject({
      capturedAt: utc,
      captureMode: z.enum(['visible', 'full-page', 'element', 'region']),
      backfilled: z.literal(true).optional(),
    }),
  },
  deletion: {
    subject: uuid,
    artifacts: z.strictObject({ metadata: sha256, image: sha256, deletion: sha256 }),
    content: z.strictObject({
      capturedAt: utc,
      deletionId: uuid,
      deletedAt: utc,
      backfilled: z.literal(true).optional(),
    }),
  },
  import: {
    subject: uuid,
    artifacts: z
      .strictObject({ catalog: sha256.optional(), manifest: sha256.optional() })
      .refine(
        (a) => (a.catalog === undefined) !== (a.manifest === undefined),
        'expected exactly one of catalog and manifest',
      ),
    content: z.strictObject({ count, skipped: count.optional() }),
  },
  export: {
    subject: uuid,
    artifacts: z.strictObject({ manifest: sha256 }),
    content: z.strictObject({ exportedAt: utc, captureCount: count, deletionCount: count, fileCount: count }),
  },
} as const;

/** The types a version-2 entry may have (`edit`, reserved in version 1, is not one). */
export type EntryV2Type = keyof typeof entryV2Parts;

/**
 * One entry of the append-only ledger. Its bytes are the UTF-8 of its RFC 8785 canonical JSON; its
 * hash is SHA-256 of those bytes; the next entry's `prev` is that hash; the device key signs those
 * bytes (ECDSA P-256, SHA-256, signature as r||s, base64url). A version-1 entry's `content` is any
 * object; a version-2 entry's `subject`, `artifacts` and `content` are checked per type
 * (`entryV2Parts`).
 */
export const ledgerEntrySchema = z
  .object({
    v: z.union(LEDGER_ENTRY_VERSIONS.map((v) => z.literal(v))),
    /** 1 for the first entry, then +1 each. */
    seq: z.number().int().positive(),
    /** SHA-256 (hex) of the previous entry's bytes; 64 zeros for the first. */
    prev: sha256,
    /** When the entry was made: local clock, UTC ISO-8601 with ms. */
    at: z.string(),
    /** What happened. */
    type: z.enum(['capture', 'deletion', 'edit', 'import', 'export']),
    /** What it concerns: a capture id; in version 1, a catalog's framework or a bundle's file name. */
    subject: z.string().min(1),
    /** SHA-256 (hex) of each artifact the entry vouches for, by name. */
    artifacts: z.record(z.string(), sha256),
    /** A short summary; in version 2, times and counts only. */
    content: z.record(z.string(), z.unknown()),
    /** Who acted, from settings. */
    actor: z.strictObject({ name: z.string(), email: z.string() }),
    /** RFC 7638 thumbprint of the signing key. */
    key: z.string().min(1),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.v !== 2) return;
    const parts = entryV2Parts[entry.type as EntryV2Type] as (typeof entryV2Parts)[EntryV2Type] | undefined;
    if (!parts) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `a version-2 entry cannot be "${entry.type}"`,
      });
      return;
    }
    for (const field of ['subject', 'artifacts', 'content'] as const) {
      const r = (parts[field] as z.ZodType).safeParse(entry[field]);
      for (const issue of r.success ? [] : r.error.issues)
        ctx.addIssue({ code: 'custom', path: [field, ...issue.path], message: issue.message });
    }
  });

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
