import type { LaunchedBrowser } from '../../node/automation/launch';
import { inExtension } from './stored';

/** A vertical run of one exact colour in one column of a stored image. */
export interface ColourRun {
  rgb: [number, number, number];
  /** First row of the run, in image pixels. */
  y: number;
  length: number;
}

/**
 * Runs of one exact colour at least `minLength` pixels long in each column `xs` (image pixels) of
 * a capture's stored PNG (or of PNG bytes, e.g. from a bundle). Marker squares in the fixture pages are solid colours whose value encodes
 * a row number, so each marker drawn in the image is one run; anti-aliased text never makes a run
 * that long of one colour.
 */
export function columnRuns(
  b: LaunchedBrowser,
  source: { captureId: string } | { png: Uint8Array },
  xs: number[],
  minLength: number,
): Promise<ColourRun[][]> {
  const png = 'png' in source ? Buffer.from(source.png).toString('base64') : undefined;
  const captureId = 'captureId' in source ? source.captureId : undefined;
  return inExtension(
    b,
    ({ captureId, png, xs, minLength }) =>
      new Promise<ColourRun[][]>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result
            .transaction('images')
            .objectStore('images')
            .get(captureId ?? '');
          req.onsuccess = async () => {
            const blob = png
              ? new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' })
              : (req.result.blob as Blob);
            const bitmap = await createImageBitmap(blob);
            const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
            ctx.drawImage(bitmap, 0, 0);
            resolve(
              xs.map((x) => {
                const d = ctx.getImageData(x, 0, 1, bitmap.height).data;
                const runs: ColourRun[] = [];
                let start = 0;
                for (let y = 1; y <= bitmap.height; y++) {
                  const same =
                    y < bitmap.height &&
                    d[y * 4] === d[start * 4] &&
                    d[y * 4 + 1] === d[start * 4 + 1] &&
                    d[y * 4 + 2] === d[start * 4 + 2];
                  if (same) continue;
                  if (y - start >= minLength)
                    runs.push({
                      rgb: [d[start * 4]!, d[start * 4 + 1]!, d[start * 4 + 2]!],
                      y: start,
                      length: y - start,
                    });
                  start = y;
                }
                return runs;
              }),
            );
          };
        };
      }),
    { captureId, png, xs, minLength },
  );
}

/** How many times each row marker (red channel `red`, number in green and blue) appears. */
export function markerCounts(runs: readonly ColourRun[], red = 7): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of runs)
    if (r.rgb[0] === red) {
      const n = (r.rgb[1] << 8) | r.rgb[2];
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
  return counts;
}

/** Rows 1..n that do not appear exactly once, as `row: count` strings (empty when all do). */
export function notOnce(counts: ReadonlyMap<number, number>, n: number): string[] {
  const wrong: string[] = [];
  for (let i = 1; i <= n; i++) if (counts.get(i) !== 1) wrong.push(`${i}: ${counts.get(i) ?? 0}`);
  for (const [i, c] of counts) if (i < 1 || i > n) wrong.push(`${i} (not a row): ${c}`);
  return wrong;
}

/** How many runs of exactly this colour a column has. */
export const runsOf = (runs: readonly ColourRun[], rgb: [number, number, number]) =>
  runs.filter((r) => r.rgb.every((v, i) => v === rgb[i])).length;
