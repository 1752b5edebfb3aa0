import type { CaptureMetadataV2 } from '../../lib/formats/capture-metadata';
import type { LaunchedBrowser } from '../../node/automation/launch';

/** Runs `fn` in one of the extension's pages (where IndexedDB is the extension's own). */
export async function inExtension<T, A>(b: LaunchedBrowser, fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
  const run = fn as unknown as (arg: unknown) => Promise<T>;
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    return await page.evaluate(run, arg as unknown);
  } finally {
    await page.close();
  }
}

/** The newest capture record. */
export function latestRecord(b: LaunchedBrowser): Promise<CaptureMetadataV2> {
  return inExtension(
    b,
    () =>
      new Promise<CaptureMetadataV2>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('captures').objectStore('captures').getAll();
          req.onsuccess = () =>
            resolve(req.result.sort((a, c) => c.capturedAt.localeCompare(a.capturedAt))[0]);
        };
      }),
    undefined,
  );
}

/** A rectangle to check in the stored image (image pixels). */
export interface Probe {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decodes a stored image in the browser and reports its size and facts about its pixels. */
export function inspectImage(
  b: LaunchedBrowser,
  captureId: string,
  opts: { countRowsAtX?: number; rowColor?: [number, number, number]; solid?: Probe[] },
): Promise<{
  width: number;
  height: number;
  matchingRows: number;
  solid: boolean[];
  everyStoredBlob: number;
}> {
  return inExtension(
    b,
    ({ captureId, opts }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'thumbnails']);
          const req = tx.objectStore('images').get(captureId);
          const count = tx.objectStore('images').count();
          req.onsuccess = async () => {
            const bitmap = await createImageBitmap(req.result.blob);
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const ctx = canvas.getContext('2d')!;
            ctx.drawImage(bitmap, 0, 0);
            const near = (d: Uint8ClampedArray, i: number, c: number[]) =>
              Math.abs(d[i]! - c[0]!) < 12 &&
              Math.abs(d[i + 1]! - c[1]!) < 12 &&
              Math.abs(d[i + 2]! - c[2]!) < 12;
            let matchingRows = 0;
            if (opts.countRowsAtX !== undefined && opts.rowColor) {
              const col = ctx.getImageData(opts.countRowsAtX, 0, 1, bitmap.height).data;
              for (let y = 0; y < bitmap.height; y++) if (near(col, y * 4, opts.rowColor)) matchingRows++;
            }
            const solid = (opts.solid ?? []).map((p) => {
              const d = ctx.getImageData(p.x, p.y, p.width, p.height).data;
              for (let i = 0; i < d.length; i += 4) if (!near(d, i, [0, 0, 0])) return false;
              return true;
            });
            resolve({
              width: bitmap.width,
              height: bitmap.height,
              matchingRows,
              solid,
              everyStoredBlob: count.result,
            });
          };
        };
      }),
    { captureId, opts },
  );
}

/**
 * The mean brightness (0–255, of R, G and B) of each probe (image pixels) in the capture's stored
 * preview, scaled to the preview and inset by a pixel; waits for the preview, which is made
 * after the capture is saved.
 */
export function thumbnailBrightness(
  b: LaunchedBrowser,
  captureId: string,
  probes: Probe[],
): Promise<number[]> {
  return inExtension(
    b,
    async ({ captureId, probes }) => {
      const read = (store: string) =>
        new Promise<{ blob: Blob } | undefined>((resolve, reject) => {
          const open = indexedDB.open('prooftrail');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction(store).objectStore(store).get(captureId);
            req.onsuccess = () => resolve(req.result);
          };
        });
      let thumb = await read('thumbnails');
      for (let i = 0; !thumb && i < 150; i++) {
        await new Promise((r) => setTimeout(r, 100));
        thumb = await read('thumbnails');
      }
      const image = await read('images');
      if (!thumb || !image) throw new Error(`capture ${captureId} has no ${thumb ? 'image' : 'preview'}`);
      const full = await createImageBitmap(image.blob);
      const bitmap = await createImageBitmap(thumb.blob);
      const scale = bitmap.width / full.width;
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return probes.map((p) => {
        const x = Math.floor(p.x * scale) + 1;
        const y = Math.floor(p.y * scale) + 1;
        const w = Math.max(1, Math.floor(p.width * scale) - 2);
        const h = Math.max(1, Math.floor(p.height * scale) - 2);
        const d = ctx.getImageData(x, y, w, h).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += d[i]! + d[i + 1]! + d[i + 2]!;
        return sum / ((d.length / 4) * 3);
      });
    },
    { captureId, probes },
  );
}

/** The stored page text of a capture. */
export function storedPageText(b: LaunchedBrowser, captureId: string): Promise<string | null> {
  return inExtension(
    b,
    (id) =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('pageContext').objectStore('pageContext').get(id);
          req.onsuccess = async () => resolve(req.result?.text ? await req.result.text.text() : null);
        };
      }),
    captureId,
  );
}

/** Number of rows in each of the extension's evidence tables. */
export function storedCounts(b: LaunchedBrowser): Promise<Record<string, number>> {
  return inExtension(
    b,
    (tables: string[]) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = async () => {
          const out: Record<string, number> = {};
          const names = tables.filter((t) => open.result.objectStoreNames.contains(t));
          for (const t of names)
            out[t] = await new Promise<number>((done) => {
              const req = open.result.transaction(t).objectStore(t).count();
              req.onsuccess = () => done(req.result);
            });
          resolve(out);
        };
      }),
    ['captures', 'images', 'ledger', 'foreignLedger', 'foreignTokens', 'signers', 'origins', 'deletions'],
  );
}

/** Every byte string stored in the extension's IndexedDB, as text, to search for leaks. */
export async function everythingStored(b: LaunchedBrowser): Promise<string> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  const dump = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = async () => {
          const db = open.result;
          const parts: string[] = [];
          for (const name of [...db.objectStoreNames]) {
            const rows: unknown[] = await new Promise((r) => {
              const req = db.transaction(name).objectStore(name).getAll();
              req.onsuccess = () => r(req.result);
            });
            for (const row of rows) {
              for (const value of Object.values(row as Record<string, unknown>))
                parts.push(value instanceof Blob ? await value.text() : JSON.stringify(value));
            }
          }
          resolve(parts.join('\n'));
        };
      }),
  );
  await page.close();
  return dump;
}

/** The notes of every stored capture, oldest first (read in the worker, on the extension's origin). */
export function storedNotes(b: LaunchedBrowser): Promise<string[]> {
  return b.worker.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('captures').objectStore('captures').getAll();
          type Row = { note?: string; capturedAt: string };
          req.onsuccess = () =>
            resolve(
              (req.result as Row[])
                .sort((x, y) => x.capturedAt.localeCompare(y.capturedAt))
                .map((r) => r.note ?? ''),
            );
        };
      }),
  );
}

/** How many captures the extension's database holds. */
export async function captureCount(b: LaunchedBrowser): Promise<number> {
  return (await storedNotes(b)).length;
}
