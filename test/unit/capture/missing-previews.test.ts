import { describe, expect, it } from 'vitest';
import { makeMissingPreviews } from '../../../lib/capture/missing-previews';
import { saveThumbnail } from '../../../lib/db/captures-repo';
import { freshDb, storeCapture } from '../helpers';

describe('makeMissingPreviews', () => {
  it('makes a preview for each capture without one, skips those with one or gone, and carries on past an image it cannot decode', async () => {
    const db = freshDb();
    const [a, b, c, d] = [
      await storeCapture(db),
      await storeCapture(db),
      await storeCapture(db),
      await storeCapture(db),
    ];
    await saveThumbnail(db, b.id, new Blob(['kept'], { type: 'image/webp' }));
    const seen: string[] = [];
    let call = 0;
    const made = await makeMissingPreviews(db, [a.id, b.id, c.id, 'gone', d.id], async (png) => {
      seen.push(png.type);
      if (++call === 2) throw new Error('cannot decode');
      return new Blob([`preview ${call}`], { type: 'image/webp' });
    });
    // a and d get one; b keeps its own; c's image could not be decoded; 'gone' is not there.
    expect(made).toBe(2);
    expect(seen).toHaveLength(3);
    const text = async (id: string) => (await db.thumbnails.get(id))?.blob.text();
    expect(await text(a.id)).toBe('preview 1');
    expect(await text(b.id)).toBe('kept');
    expect(await db.thumbnails.get(c.id)).toBeUndefined();
    expect(await text(d.id)).toBe('preview 3');
  });
});
