import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from '../automation/launch';
import { median } from './stats';

/**
 * The browser's floor for one visible capture: the primitives a capture cannot avoid, issued back
 * to back in the extension's worker on the same tab with no ProofTrail code between them, sized
 * like the newest capture (its image, page text and snapshot):
 * - captureVisibleTab (PNG data URL) and its base64 decoding;
 * - pageCapture.saveAsMHTML, when the newest capture kept a snapshot (the default policy takes
 *   one when nothing was hidden), issued beside the pixel work as the product does;
 * - with the banner: createImageBitmap, drawImage onto a canvas of the stored image's size,
 *   getImageData of the rows above the banner, crypto.subtle.digest SHA-256 of those pixels,
 *   convertToBlob PNG and reading its bytes;
 * - one strict-durability IndexedDB transaction storing the same bytes (image, page text,
 *   snapshot) and the record, in a database of its own;
 * - one runtime message from the popup to the worker and back (measured from the popup, beside).
 * Also timed, apart from the floor: the SHA-256 digests the formats require (image, page text,
 * snapshot) and one ECDSA P-256 signature, all WebCrypto.
 */
export interface Floors {
  screenshot: number;
  /** 0 when the newest capture kept no snapshot. */
  snapshot: number;
  /** Banner on only (0 otherwise): createImageBitmap + drawImage. */
  decodeDraw: number;
  getImageData: number;
  pixelDigest: number;
  /** convertToBlob PNG + arrayBuffer. */
  encode: number;
  idbCommit: number;
  message: number;
  /** The worker's sequence, screenshot to commit (snapshot beside the pixel work), plus the message. */
  total: number;
  /** `total` without its captureVisibleTab: what the browser needs beyond the screenshot. */
  afterScreenshot: number;
  /** Not in `total`: SHA-256 of image, page text and snapshot, and one ECDSA P-256 signature. */
  formatCrypto: number;
}

type WorkerFloors = Omit<Floors, 'message' | 'total' | 'afterScreenshot'> & { sequence: number };

/** The browser's floor once (see Floors), on `tabId`, the newest capture giving the sizes. */
export async function measureFloors(
  b: LaunchedBrowser,
  tabId: number,
  popup: Page,
  banner: boolean,
): Promise<Floors> {
  // tsx keeps function names with a helper the pages do not have.
  await b.worker.evaluate('globalThis.__name ??= (f) => f');
  await popup.evaluate('globalThis.__name ??= (f) => f');
  const inWorker: WorkerFloors = await b.worker.evaluate(workerFloor, { tabId, banner });
  const message = await popup.evaluate(async () => {
    const t = performance.now();
    await chrome.runtime.sendMessage({ bench: 'floor' }).catch(() => undefined);
    return performance.now() - t;
  });
  const { sequence, ...parts } = inWorker;
  const total = sequence + message;
  return { ...parts, message, total, afterScreenshot: total - parts.screenshot };
}

/** Runs in the extension's worker (serialized by Playwright: self-contained). */
async function workerFloor({ tabId, banner }: { tabId: number; banner: boolean }): Promise<WorkerFloors> {
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const completed = (tx: IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  // What the newest capture stored: its sizes and whether it kept a snapshot.
  const db = await request(indexedDB.open('prooftrail'));
  const read = db.transaction(['captures', 'pageContext']);
  const cursor = await request(read.objectStore('captures').index('capturedAt').openCursor(null, 'prev'));
  const newest = cursor?.value;
  if (!newest) throw new Error('the floor needs a capture to take its sizes from');
  const context = await request(read.objectStore('pageContext').get(newest.id));
  db.close();
  const text = new Blob([new Uint8Array(context?.text?.size ?? 0)]);
  const withSnapshot = !!newest.pageSnapshot;
  const floorDb = await request(
    Object.assign(indexedDB.open('bench-floor'), {
      onupgradeneeded: (e: IDBVersionChangeEvent) =>
        (e.target as IDBOpenDBRequest).result.createObjectStore('rows'),
    }),
  );
  const tab = await chrome.tabs.get(tabId);
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  const decode64 = (dataUrl: string) => {
    const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
    if (fromBase64) return fromBase64(b64);
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  };
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    const v = await f();
    return [v, performance.now() - t];
  };

  const t0 = performance.now();
  const [dataUrl, screenshot] = await timed(() =>
    chrome.tabs.captureVisibleTab(tab.windowId!, { format: 'png' }),
  );
  const shot = decode64(dataUrl);
  const snapshotting = withSnapshot
    ? timed(() => chrome.pageCapture.saveAsMHTML({ tabId }) as unknown as Promise<Blob>)
    : Promise.resolve([undefined, 0] as const);
  let png: Uint8Array = shot;
  let decodeDraw = 0;
  let getImageData = 0;
  let pixelDigest = 0;
  let encode = 0;
  if (banner) {
    const height = newest.image.height as number;
    const above = height - (newest.banner?.height ?? 0);
    const [canvas, t1] = await timed(async () => {
      const bitmap = await createImageBitmap(new Blob([shot as BlobPart], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, height);
      c.getContext('2d')!.drawImage(bitmap, 0, 0);
      bitmap.close();
      return c;
    });
    const ctx = canvas.getContext('2d')!;
    const [pixels, t2] = await timed(async () => ctx.getImageData(0, 0, canvas.width, above).data);
    const [, t3] = await timed(() => crypto.subtle.digest('SHA-256', pixels));
    const [bytes, t4] = await timed(
      async () => new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()),
    );
    [png, decodeDraw, getImageData, pixelDigest, encode] = [bytes, t1, t2, t3, t4];
  }
  const [mhtml, snapshot] = await snapshotting;
  const snapshotBytes = mhtml ? new Uint8Array(await mhtml.arrayBuffer()) : undefined;
  const [, idbCommit] = await timed(async () => {
    const write = floorDb.transaction('rows', 'readwrite', { durability: 'strict' });
    const blobs = [new Blob([png as BlobPart]), text, ...(snapshotBytes ? [new Blob([snapshotBytes])] : [])];
    write.objectStore('rows').put({ record: newest, blobs }, crypto.randomUUID());
    await completed(write);
  });
  const sequence = performance.now() - t0;
  floorDb.close();

  const key = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const [, formatCrypto] = await timed(async () => {
    const sums = [png, await text.arrayBuffer(), ...(snapshotBytes ? [snapshotBytes] : [])].map((b) =>
      crypto.subtle.digest('SHA-256', b as BufferSource),
    );
    await Promise.all(sums);
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new Uint8Array(600));
  });
  return {
    screenshot,
    snapshot,
    decodeDraw,
    getImageData,
    pixelDigest,
    encode,
    idbCommit,
    sequence,
    formatCrypto,
  };
}

/** Medians of several floor measurements, figure by figure. */
export function medianFloors(all: Floors[]): Floors {
  const keys = Object.keys(all[0]!) as (keyof Floors)[];
  return Object.fromEntries(keys.map((k) => [k, median(all.map((f) => f[k]))])) as unknown as Floors;
}
