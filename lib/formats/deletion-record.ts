import { DELETION_SCHEMA } from './schema-ids';
import { z } from './zod';

export { DELETION_SCHEMA };

/**
 * What remains of a deleted capture: the deletion is itself evidence. Stored in IndexedDB and
 * exported in `deletions.json`.
 */
export const deletionRecordSchema = z.object({
  schema: z.literal(DELETION_SCHEMA),
  /** Random UUID of this deletion. */
  id: z.string().uuid(),
  /** The capture that was deleted. */
  captureId: z.string().uuid(),
  /** Its controls, page and time, so the gap can be explained. */
  controlIds: z.array(z.string()),
  pageUrl: z.string(),
  capturedAt: z.string(),
  /** Hashes of what was deleted. */
  imageSha256: z.string(),
  metadataSha256: z.string(),
  /** When and by whom, and why. */
  deletedAt: z.string(),
  deletedBy: z.object({ name: z.string(), email: z.string() }),
  reason: z.string().min(1),
});

/** A recorded deletion. */
export type DeletionRecord = z.infer<typeof deletionRecordSchema>;
