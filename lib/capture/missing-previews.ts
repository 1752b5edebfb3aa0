import { getImage, saveThumbnail } from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';

/**
 * Makes the previews of captures stored without one (evidence read from the team store: a read
 * stores the captures first, so it is bounded by the store rather than by image encoding), one
 * at a time, skipping those that have one by now or were deleted meanwhile. An image the browser
 * cannot decode keeps none: the library shows such a capture from its full image. Returns how
 * many were made.
 */
export async function makeMissingPreviews(
  db: ProofTrailDb,
  captureIds: readonly string[],
  makeThumbnail: (png: Blob) => Promise<Blob>,
): Promise<number> {
  let made = 0;
  for (const id of captureIds) {
    if (await db.thumbnails.get(id)) continue;
    const image = await getImage(db, id);
    if (!image) continue;
    try {
      await saveThumbnail(db, id, await makeThumbnail(image));
      made++;
    } catch {
      // Undecodable: no preview, as when it is imported.
    }
  }
  return made;
}
