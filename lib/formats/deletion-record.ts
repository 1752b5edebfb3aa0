import { DELETION_SCHEMA } from './schema-ids';
import { z } from './zod';

export { DELETION_SCHEMA };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');
const utc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected UTC ISO-8601 with ms');

/**
 * What remains of a deleted capture: the deletion is itself evidence. Stored in IndexedDB and
 * exported in `deletions.json`; every field equals the signed tombstone entry that backs it.
 */
export const deletionRecordSchema = z.strictObject({
  /** Format of this record: `prooftrail.deletion/1`. */
  schema: z.literal(DELETION_SCHEMA),
  /** Random UUID of this deletion (the tombstone's `content.deletionId`). */
  id: z.string().uuid(),
  /** The capture that was deleted (the tombstone's `subject`). */
  captureId: z.string().uuid(),
  /** Its controls, page and capture time, so the gap can be explained. */
  controlIds: z.array(z.string()),
  pageUrl: z.string(),
  capturedAt: utc,
  /** SHA-256 of the deleted image and of the deleted record's canonical metadata. */
  imageSha256: sha256,
  metadataSha256: sha256,
  /** When (the tombstone's `content.deletedAt`), by whom (its `actor`), and why (its `content.reason`). */
  deletedAt: utc,
  deletedBy: z.strictObject({ name: z.string(), email: z.string() }),
  reason: z.string().min(1),
});

/** A recorded deletion. */
export type DeletionRecord = z.infer<typeof deletionRecordSchema>;
