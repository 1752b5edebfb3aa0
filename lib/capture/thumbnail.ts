/** Width of previews in the popup and library. */
export const THUMBNAIL_WIDTH = 320;

/** A small WebP preview of a PNG, made with OffscreenCanvas (works in the service worker). */
export async function makeThumbnail(png: Blob, width = THUMBNAIL_WIDTH): Promise<Blob> {
  const bitmap = await createImageBitmap(png);
  const scale = Math.min(1, width / bitmap.width);
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the thumbnail');
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
}
