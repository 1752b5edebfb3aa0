import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { build } from 'vite';
import { CHECK_MEASURE } from '../../entrypoints/library/check-capture';
import { EXPORT_STEPS_MARK, type ExportSteps } from '../../lib/bundle/export-steps';
import { ISO27001_2022, SOC2_TSC } from '../../lib/catalog/types';
import type { Identity } from '../../lib/db/types';
import type { TaggedControl } from '../../lib/formats/capture-metadata';
import { MANIFEST_PATH } from '../../lib/formats/schema-ids';
import { type ExportScopeInput, LibraryPage } from '../automation/extension-pages';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { type GeneratedCapture, makeTeamBundle } from '../fixtures/team-bundle';
import type { CheckFloor } from './export-floor-page-entry';
import { mb, mbps, median, ms, progressOf } from './stats';

/** Teammates whose bundles are imported, and captures in each bundle (1,000 in all). */
export const TEAMMATES = 4;
export const CAPTURES_EACH = 250;
/** Noise PNG per capture: incompressible, about width × height × 3 bytes (≈192 kB). */
export const IMAGE = { width: 320, height: 200 } as const;
/** Exports timed (the median is reported); one more export is run for the heap figure. */
export const EXPORT_RUNS = 3;
/** Goals from the issue: export image throughput against IndexedDB alone, peak JS heap and ArrayBuffers. */
export const RATIO_GOAL = 0.7;
export const HEAP_GOAL_MB = 150;
export const BUFFERS_GOAL_MB = 200;
/** The library's integrity check of one capture (the capture detail's "Verification of this capture"). */
export const CHECK_GOAL_MS = 50;
/** Captures whose integrity check is timed (one detail dialog each; the median is reported). */
const CHECKS = 9;
/** How often the page's heap is sampled during the heap run. */
const HEAP_SAMPLE_MS = 50;

/**
 * Every generated capture is tagged to all three controls. The main figure exports the scope of
 * the first control alone, so each image is written once; the multi-control figure exports all
 * three, so each image is written once per control folder.
 */
export const CONTROLS: TaggedControl[] = [
  { id: 'A.5.18', title: 'Access rights granted, reviewed and removed', framework: ISO27001_2022 },
  { id: 'A.8.2', title: 'Privileged access restricted and managed', framework: ISO27001_2022 },
  { id: 'CC6.1', title: 'Logical access security measures', framework: SOC2_TSC },
];
const TEAM: Identity[] = [
  { name: 'Ana Costa', email: 'ana@bench.prooftrail.example' },
  { name: 'Ben Okafor', email: 'ben@bench.prooftrail.example' },
  { name: 'Chen Wei', email: 'chen@bench.prooftrail.example' },
  { name: 'Dara Novak', email: 'dara@bench.prooftrail.example' },
];
const IMPORTER: Identity = { name: 'Bench Runner', email: 'bench@prooftrail.example' };

const progress = progressOf('export');
const here = fileURLToPath(new URL('.', import.meta.url));

/** What the bench needs; sizes default to the constants above (smaller ones are for trying it out). */
export interface ExportBenchOptions {
  executablePath: string;
  extensionDir: string;
  teammates?: number;
  capturesEach?: number;
  runs?: number;
}

/** One export's outcome, timed in the page. */
interface ExportRun {
  ms: number;
  /** From the click until the progress bar reached the last capture. */
  capturesMs: number;
  bytes: number;
  imageBytes: number;
  captures: number;
  signers: number;
  /** Where the exporter spent its time (its steps mark, lib/bundle/export-steps.ts). */
  steps: ExportSteps;
}

/**
 * The export bench, in one headless Chromium: imports TEAMMATES generated bundles (real signed
 * bundles, one device key each) through the library's import form, then, interleaved EXPORT_RUNS
 * times: reads every image Blob back from the extension's IndexedDB alone (the baseline), the
 * browser's floors for the images (written alone; with their previews; with their previews and the
 * export's image check beside; the image check alone: export-floor-page-entry.ts), and
 * exports all evidence through the library's export form to "a file I choose" (streamed through a
 * FileSystemWritableFileStream into the origin-private file system). A last export is sampled for
 * the page's JS heap. Returns the lines to print; no figure is asserted.
 *
 * Export time is measured in the page: from the click on "Export bundle" (a capture-phase click
 * listener) to the status line reading "Exported …" (a MutationObserver), with performance.now().
 */
export async function runExportBench(o: ExportBenchOptions): Promise<string[]> {
  const teammates = o.teammates ?? TEAMMATES;
  const capturesEach = o.capturesEach ?? CAPTURES_EACH;
  const runs = o.runs ?? EXPORT_RUNS;
  const total = teammates * capturesEach;
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-export-bench-'));
  let b: LaunchedBrowser | undefined;
  try {
    const paths: string[] = [];
    const keys: string[] = [];
    for (let t = 0; t < teammates; t++) {
      progress(`making bundle ${t + 1} of ${teammates} (${capturesEach} captures)`);
      const made = await writeTeamBundle(dir, t, teammates, capturesEach);
      paths.push(made.path);
      keys.push(made.fingerprint);
    }
    b = await launchWithExtension({ executablePath: o.executablePath, extensionDir: o.extensionDir });
    await setIdentity(b, IMPORTER);
    const library = await LibraryPage.open(b);
    for (const [i, path] of paths.entries()) {
      const t0 = Date.now();
      const r = await library.importBundle(path, keys);
      if (!r.ok || !r.text.startsWith(`Imported ${capturesEach} captures`))
        throw new Error(`import of ${path} failed: ${r.text}\n${r.lines.join('\n')}`);
      progress(`imported bundle ${i + 1} of ${paths.length} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    // The export panel exists once the dialog has read the library's records.
    await library.openDialog('export');
    await library.page.locator('.export-panel [role="status"]').waitFor({ state: 'attached' });
    await installExportTimer(library);
    await library.page.evaluate(await floorPageScript(o.extensionDir));

    // The first read after the imports is slow (the store is still settling); it is not counted.
    await readImagesAlone(library);
    const baseline: number[] = [];
    const floor: number[] = [];
    const floorWithPreviews: number[] = [];
    let floorWithPreviewsBytes = 0;
    const floorWithCheck: CheckFloor[] = [];
    const checkAlone: CheckFloor[] = [];
    const exports: ExportRun[] = [];
    const multi: ExportRun[] = [];
    const writeOnce: ExportRun[] = [];
    let imageBytes = 0;
    for (let i = 0; i < runs; i++) {
      progress(
        `run ${i + 1} of ${runs}: IndexedDB read, write floors (images; with previews; with previews and the image check; the image check alone), export of one control, export of ${CONTROLS.length}, write-once export of ${CONTROLS.length}`,
      );
      const read = await readImagesAlone(library);
      if (read.count !== total) throw new Error(`expected ${total} images in IndexedDB, found ${read.count}`);
      imageBytes = read.bytes;
      baseline.push(mbps(read.bytes, read.ms));
      const written = await writeImagesAlone(library);
      floor.push(written.ms);
      const withPreviews = await writeImagesAndPreviews(library);
      floorWithPreviews.push(withPreviews.ms);
      floorWithPreviewsBytes = withPreviews.bytes;
      floorWithCheck.push(await checkFloor(library, true));
      checkAlone.push(await checkFloor(library, false));
      for (const f of [...floorWithCheck, ...checkAlone].slice(-2))
        if (f.images !== total || f.checked !== read.bytes)
          throw new Error(
            `the image check floor checked ${f.images} images (${f.checked} bytes), not ${total}`,
          );
      if (floorWithCheck.at(-1)!.written !== withPreviews.bytes)
        throw new Error('the floor with the image check wrote other bytes than the floor with previews');
      exports.push(
        await timedExport(library, ONE_CONTROL, i === 0 ? process.env.PROOFTRAIL_EXPORT_PROFILE : undefined),
      );
      multi.push(await timedExport(library, {}));
      writeOnce.push(await timedExport(library, { layout: 'write-once' }));
    }
    progress('export with heap sampling');
    const heap = await heapDuringExport(b, library);
    progress(`integrity check of ${CHECKS} captures in the capture detail`);
    const checks = await timeIntegrityChecks(library, CHECKS);

    const run = exports[0]!;
    if (run.captures !== total) throw new Error(`the export held ${run.captures} captures, not ${total}`);
    if (run.imageBytes !== imageBytes)
      throw new Error(`the export wrote ${run.imageBytes} image bytes; IndexedDB holds ${imageBytes}`);
    const exportMs = median(exports.map((e) => e.ms));
    const bundleBytes = median(exports.map((e) => e.bytes));
    const images = mbps(run.imageBytes, exportMs);
    const bundle = mbps(bundleBytes, exportMs);
    const read = median(baseline);
    const loop = median(exports.map((e) => e.capturesMs));
    const multiMs = median(multi.map((e) => e.ms));
    const multiBytes = median(multi.map((e) => e.bytes));
    const onceMs = median(writeOnce.map((e) => e.ms));
    const onceBytes = median(writeOnce.map((e) => e.bytes));
    if (writeOnce[0]!.imageBytes !== imageBytes)
      throw new Error(
        `the write-once export wrote ${writeOnce[0]!.imageBytes} image bytes, not ${imageBytes}`,
      );
    const checkMs = median(checks.map((c) => c.alone));
    const inDialogMs = median(checks.map((c) => c.check));
    const uiMs = median(checks.map((c) => c.ui));
    const floorMs = median(floor);
    const previewsMs = median(floorWithPreviews);
    const withCheckMs = median(floorWithCheck.map((f) => f.ms));
    const checkAloneMs = median(checkAlone.map((f) => f.ms));
    return [
      `export ${total.toLocaleString('en-US')} captures (${mb(bundleBytes)} bundle, ${mb(run.imageBytes)} of images, ${run.signers} signers): median ${exportMs.toFixed(0)} ms = ${images.toFixed(1)} MB/s of images (${bundle.toFixed(1)} MB/s of bundle); IndexedDB read of the same images alone ${read.toFixed(1)} MB/s; ratio ${(images / read).toFixed(2)} (goal ≥ ${RATIO_GOAL}: image bytes/s ÷ image bytes/s), bundle bytes/s ÷ image bytes/s ${(bundle / read).toFixed(2)}`,
      `  per run: export ${exports.map((e) => `${e.ms.toFixed(0)} ms`).join(', ')}; IndexedDB read ${baseline.map((x) => `${x.toFixed(1)} MB/s`).join(', ')}; median ${loop.toFixed(0)} ms until the last capture was written, ${(exportMs - loop).toFixed(0)} ms for ledgers, reports and manifest`,
      ...stepTable(exports),
      `the browser's floor for the same images (their stored Blobs written to a file in the origin-private file system, ~8 MB per write, no ZIP, hash or report): median ${floorMs.toFixed(0)} ms = ${mbps(imageBytes, floorMs).toFixed(1)} MB/s = ${(mbps(imageBytes, floorMs) / read).toFixed(2)}× the IndexedDB read; the export takes ${(exportMs / floorMs).toFixed(2)}× the floor (per run ${floor.map((x) => `${x.toFixed(0)} ms`).join(', ')})`,
      `the same floor with each image's preview written after it, as stored (${mb(floorWithPreviewsBytes)}): median ${previewsMs.toFixed(0)} ms = ${(previewsMs / floorMs).toFixed(2)}× the floor of the images alone; the export takes ${(exportMs / previewsMs).toFixed(2)}× it (per run ${floorWithPreviews.map((x) => `${x.toFixed(0)} ms`).join(', ')})`,
      `the same floor with previews and, beside it, every stored image read back and checked by the export's own image check (ImageCheck, lib/bundle/image-check.ts, with the extension's built worker: stored Blobs read in groups of up to 4 MB, SHA-256 + CRC-32 against the kept sums, up to 64 MB in flight), until the file is closed and every image checked: median ${withCheckMs.toFixed(0)} ms = ${(withCheckMs / floorMs).toFixed(2)}× the floor of the images alone, ${(withCheckMs / previewsMs).toFixed(2)}× the floor with previews; the export takes ${(exportMs / withCheckMs).toFixed(2)}× it (per run ${floorWithCheck.map((x) => `${x.ms.toFixed(0)} ms`).join(', ')})`,
      `the image check's reads and hashes alone, nothing written (same rounds): median ${checkAloneMs.toFixed(0)} ms = ${mbps(imageBytes, checkAloneMs).toFixed(1)} MB/s = ${(checkAloneMs / floorMs).toFixed(2)}× the floor of the images alone (per run ${checkAlone.map((x) => `${x.ms.toFixed(0)} ms`).join(', ')})`,
      `peak JS heap during export ${mb(heap.peakUsed)} (before ${mb(heap.beforeUsed)}; goal ≤ ${HEAP_GOAL_MB} MB); peak ArrayBuffer contents ${mb(heap.peakBuffers)} (before ${mb(heap.beforeBuffers)}; goal ≤ ${BUFFERS_GOAL_MB} MB); heap with ArrayBuffers ${mb(heap.peakWithBuffers)} (before ${mb(heap.beforeWithBuffers)}); bundle ${mb(heap.bundleBytes)}, ${heap.samples} samples`,
      `multi-control: the same ${total.toLocaleString('en-US')} captures, each tagged to ${CONTROLS.length} controls, exported with all ${CONTROLS.length} in scope (each image once per control folder): median ${multiMs.toFixed(0)} ms, ${mb(multiBytes)} bundle = ${(multiMs / exportMs).toFixed(2)}× the time and ${(multiBytes / bundleBytes).toFixed(2)}× the bytes of the one-control export; ${mbps(multiBytes, multiMs).toFixed(1)} MB/s of bundle (one control: ${bundle.toFixed(1)} MB/s); per run ${multi.map((e) => `${e.ms.toFixed(0)} ms`).join(', ')}`,
      `write-once layout (format 8): the same ${total.toLocaleString('en-US')} captures with all ${CONTROLS.length} controls in scope, each image once under captures/ and an index per control: median ${onceMs.toFixed(0)} ms, ${mb(onceBytes)} bundle = ${(onceMs / exportMs).toFixed(2)}× the time and ${(onceBytes / bundleBytes).toFixed(2)}× the bytes of the one-control export (per-control, all ${CONTROLS.length}: ${(multiMs / exportMs).toFixed(2)}× and ${(multiBytes / bundleBytes).toFixed(2)}×); per run ${writeOnce.map((e) => `${e.ms.toFixed(0)} ms`).join(', ')}`,
      `integrity check of one capture in the library (capture detail, checkCapture: record, image, kept sums, ledger entry, signature), with ${total.toLocaleString('en-US')} captures stored: median ${checkMs.toFixed(1)} ms of ${checks.length} run by itself with the page idle (goal < ${CHECK_GOAL_MS} ms: ${checkMs < CHECK_GOAL_MS ? 'met' : 'NOT met'}; each ${checks.map((x) => x.alone.toFixed(0)).join(', ')} ms); the same check as the detail dialog runs it, beside rendering the dialog and the library, ${inDialogMs.toFixed(0)} ms; from the click on the card to the result shown ${uiMs.toFixed(0)} ms`,
    ];
  } finally {
    if (b) {
      await b.close();
      rmSync(b.userDataDir, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Teammate `t`'s bundle, written to `dir`: captures spread evenly over 2026 (teammates' interleaved,
 * so no two share a timestamp) and over CONTROLS.
 */
async function writeTeamBundle(
  dir: string,
  t: number,
  teammates: number,
  count: number,
): Promise<{ path: string; fingerprint: string }> {
  const capturer = TEAM[t % TEAM.length]!;
  const start = Date.UTC(2026, 0, 1);
  const year = Date.UTC(2027, 0, 1) - start;
  const captures: GeneratedCapture[] = Array.from({ length: count }, (_, i) => {
    return {
      controls: CONTROLS,
      pageTitle: `Access review ${i + 1}`,
      pageUrl: `https://console.bench.prooftrail.example/reviews/${t}-${i}`,
      note: `Generated by the export bench for ${capturer.name}.`,
      capturedAt: new Date(start + Math.floor(((i + t / teammates) / count) * year)).toISOString(),
    };
  });
  const { bytes, fileName, fingerprint } = await makeTeamBundle({
    capturer,
    captures,
    image: IMAGE,
    seed: t + 1,
  });
  const path = join(dir, `${t + 1}-${fileName}`);
  writeFileSync(path, bytes);
  return { path, fingerprint };
}

/** Saves who is importing, through the settings page's identity form. */
export async function setIdentity(b: LaunchedBrowser, who: Identity): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  const form = page.getByRole('form', { name: 'Capturer identity' });
  await form.getByLabel('Your name').fill(who.name);
  await form.getByLabel('Your email').fill(who.email);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Saved.').waitFor();
  await page.close();
}

/**
 * Records, in the page, when "Export bundle" is clicked (capture phase, before the handler runs),
 * when the progress bar first shows every capture written, and when the status line first reads
 * "Exported" after that click.
 */
export async function installExportTimer(library: LibraryPage): Promise<void> {
  await library.page.evaluate(() => {
    const w = window as unknown as { __exportStart?: number; __exportEnd?: number; __exportLoopEnd?: number };
    const panel = document.querySelector('.export-panel');
    const status = panel?.querySelector('[role="status"]');
    if (!panel || !status) throw new Error('the export panel has no status line');
    document.addEventListener(
      'click',
      (e) => {
        const button = (e.target as Element | null)?.closest('button');
        if (button?.textContent?.trim() === 'Export bundle') {
          w.__exportStart = performance.now();
          w.__exportEnd = undefined;
          w.__exportLoopEnd = undefined;
        }
      },
      true,
    );
    new MutationObserver(() => {
      if (w.__exportStart === undefined || w.__exportEnd !== undefined) return;
      const bar = panel.querySelector('progress');
      if (w.__exportLoopEnd === undefined && bar && bar.max > 1 && bar.value === bar.max)
        w.__exportLoopEnd = performance.now();
      if (status.textContent?.startsWith('Exported')) w.__exportEnd = performance.now();
    }).observe(panel, { childList: true, characterData: true, attributes: true, subtree: true });
  });
}

/**
 * The baseline: every row of the extension's `images` store read with the raw IndexedDB API, one
 * get (in its own transaction) and one `blob.arrayBuffer()` at a time, as the exporter reads them.
 * Listing the keys is not timed.
 */
function readImagesAlone(library: LibraryPage): Promise<{ ms: number; bytes: number; count: number }> {
  // No named functions inside: tsx would wrap them in a helper (__name) the page does not have.
  return library.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('prooftrail');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const r = db.transaction('images').objectStore('images').getAllKeys();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const t0 = performance.now();
      let bytes = 0;
      for (const key of keys) {
        const row = await new Promise<{ blob: Blob }>((resolve, reject) => {
          const r = db.transaction('images').objectStore('images').get(key);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        bytes += (await row.blob.arrayBuffer()).byteLength;
      }
      return { ms: performance.now() - t0, bytes, count: keys.length };
    } finally {
      db.close();
    }
  });
}

/**
 * The browser's own floor for writing the images to a file: every stored image Blob (read from
 * the `images` store in one transaction, not its bytes) written to a new file in the
 * origin-private file system through a FileSystemWritableFileStream, gathered as the exporter
 * gathers them (one Blob of about 8 MB per write), nothing else: no ZIP, hash or report. Any
 * exporter that writes the images from IndexedDB to a picked file takes at least this long.
 */
function writeImagesAlone(library: LibraryPage): Promise<{ ms: number; bytes: number }> {
  return library.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('prooftrail');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const name = 'write-floor.bin';
    const root = await navigator.storage.getDirectory();
    try {
      const t0 = performance.now();
      const rows = await new Promise<{ blob: Blob }[]>((resolve, reject) => {
        const r = db.transaction('images').objectStore('images').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const file = await (await root.getFileHandle(name, { create: true })).createWritable();
      let batch: Blob[] = [];
      let size = 0;
      let bytes = 0;
      for (const row of rows) {
        batch.push(row.blob);
        size += row.blob.size;
        bytes += row.blob.size;
        if (size >= 8 << 20) {
          await file.write(new Blob(batch));
          batch = [];
          size = 0;
        }
      }
      if (batch.length) await file.write(new Blob(batch));
      await file.close();
      return { ms: performance.now() - t0, bytes };
    } finally {
      db.close();
      await root.removeEntry(name).catch(() => undefined);
    }
  });
}

/**
 * The floor with the previews: as `writeImagesAlone`, each image followed by its preview's stored
 * Blob, ~8 MB per write. The difference from `writeImagesAlone` in the same round is what the
 * previews cost the browser to write. (A build that kept previews as bytes in their rows took
 * 2.2-2.5× the images' floor here, against 1.35-1.56× as Blobs.)
 */
function writeImagesAndPreviews(library: LibraryPage): Promise<{ ms: number; bytes: number }> {
  return library.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('prooftrail');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const name = 'write-floor-previews.bin';
    const root = await navigator.storage.getDirectory();
    try {
      const t0 = performance.now();
      // Both stores in one transaction, two getAll requests (no named function: see above).
      const tx = db.transaction(['images', 'thumbnails']);
      const [rows, previews] = (await Promise.all(
        ['images', 'thumbnails'].map(
          (store) =>
            new Promise<unknown[]>((resolve, reject) => {
              const r = tx.objectStore(store).getAll();
              r.onsuccess = () => resolve(r.result);
              r.onerror = () => reject(r.error);
            }),
        ),
      )) as [{ captureId: string; blob: Blob }[], { captureId: string; blob: Blob }[]];
      const byId = new Map(previews.map((p) => [p.captureId, p.blob]));
      const file = await (await root.getFileHandle(name, { create: true })).createWritable();
      let batch: Blob[] = [];
      let size = 0;
      let bytes = 0;
      for (const row of rows) {
        const preview = byId.get(row.captureId);
        for (const part of preview ? [row.blob, preview] : [row.blob]) {
          const n = part.size;
          batch.push(part);
          size += n;
          bytes += n;
        }
        if (size >= 8 << 20) {
          await file.write(new Blob(batch));
          batch = [];
          size = 0;
        }
      }
      if (batch.length) await file.write(new Blob(batch));
      await file.close();
      return { ms: performance.now() - t0, bytes };
    } finally {
      db.close();
      await root.removeEntry(name).catch(() => undefined);
    }
  });
}

/** The main figure's scope: the first control, under which every capture is filed once. */
const ONE_CONTROL: ExportScopeInput = { controls: [CONTROLS[0]!.id] };

/**
 * One export to a picked file; the file is read for its manifest, then deleted. With `profile`
 * (a path: PROOFTRAIL_EXPORT_PROFILE), the page's CPU profile of the export is written there, for
 * Chromium's DevTools (the timings of a profiled run are slower and still counted: use it to look).
 */
export async function timedExport(
  library: LibraryPage,
  scope: ExportScopeInput,
  profile?: string,
): Promise<ExportRun> {
  await library.page.evaluate(() => {
    const w = window as unknown as { __exportStart?: number; __exportEnd?: number };
    w.__exportStart = undefined;
    w.__exportEnd = undefined;
  });
  const cdp = profile ? await library.page.context().newCDPSession(library.page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const file = await library.exportToPickedFile(scope);
  if (cdp && profile) {
    const { profile: data } = await cdp.send('Profiler.stop');
    writeFileSync(profile, JSON.stringify(data));
    await cdp.detach();
  }
  const t = await library.page.evaluate((name) => {
    const w = window as unknown as { __exportStart?: number; __exportEnd?: number; __exportLoopEnd?: number };
    const mark = performance.getEntriesByName(name, 'mark').at(-1) as PerformanceMark | undefined;
    performance.clearMarks(name);
    return { start: w.__exportStart, end: w.__exportEnd, loopEnd: w.__exportLoopEnd, steps: mark?.detail };
  }, EXPORT_STEPS_MARK);
  if (t.start === undefined || t.end === undefined) throw new Error('the export was not timed in the page');
  if (!t.steps) throw new Error('the export left no steps mark');
  const manifest = await readManifest(library, file.name);
  await removePickedFile(library, file.name);
  const ms = t.end - t.start;
  return {
    ms,
    capturesMs: (t.loopEnd ?? t.end) - t.start,
    bytes: file.size,
    steps: t.steps as ExportSteps,
    ...manifest,
  };
}

/**
 * The exporter's steps, median over the runs, with what the export took outside exportBundle (the
 * panel: stamping what is queued, the identity, the viewer page, the status line).
 */
function stepTable(runs: ExportRun[]): string[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.steps)))];
  const inside = (r: ExportRun) =>
    Object.entries(r.steps)
      .filter(([n]) => !n.startsWith('(') && !n.startsWith('captures: '))
      .reduce((sum, [, v]) => sum + v, 0);
  const rows = names.map((n) => `    ${n.padEnd(54)} ${ms(median(runs.map((r) => r.steps[n] ?? 0)))}`);
  return [
    '  where an export spends its time (medians; "captures: …" are sums over the captures, parts of "captures loop, in all"):',
    ...rows,
    `    ${'outside exportBundle (panel: queued stamps, identity, viewer, status)'.padEnd(54)} ${ms(median(runs.map((r) => r.ms - inside(r))))}`,
  ];
}

/**
 * Counts from the manifest of an exported bundle in the origin-private file system, found through
 * the ZIP's central directory (no Zip64: bundles here are far below 4 GB).
 */
function readManifest(
  library: LibraryPage,
  name: string,
): Promise<{ captures: number; signers: number; imageBytes: number }> {
  return library.page.evaluate(
    async ([fileName, manifestPath]) => {
      const root = await navigator.storage.getDirectory();
      const file = await (await root.getFileHandle(fileName)).getFile();
      const tailStart = Math.max(0, file.size - 65_557);
      const tail = new DataView(await file.slice(tailStart).arrayBuffer());
      let eocd = -1;
      for (let i = tail.byteLength - 22; i >= 0 && eocd < 0; i--)
        if (tail.getUint32(i, true) === 0x06054b50) eocd = i;
      if (eocd < 0) throw new Error(`${fileName} has no end of central directory`);
      const cdSize = tail.getUint32(eocd + 12, true);
      const cdOffset = tail.getUint32(eocd + 16, true);
      const cd = new DataView(await file.slice(cdOffset, cdOffset + cdSize).arrayBuffer());
      const decoder = new TextDecoder();
      for (let p = 0; p < cd.byteLength; ) {
        const method = cd.getUint16(p + 10, true);
        const compressed = cd.getUint32(p + 20, true);
        const nameLength = cd.getUint16(p + 28, true);
        const extraLength = cd.getUint16(p + 30, true);
        const commentLength = cd.getUint16(p + 32, true);
        const local = cd.getUint32(p + 42, true);
        const entry = decoder.decode(new Uint8Array(cd.buffer, p + 46, nameLength));
        if (entry === manifestPath) {
          const header = new DataView(await file.slice(local, local + 30).arrayBuffer());
          const at = local + 30 + header.getUint16(26, true) + header.getUint16(28, true);
          const data = file.slice(at, at + compressed).stream();
          const text = await new Response(
            method === 8 ? data.pipeThrough(new DecompressionStream('deflate-raw')) : data,
          ).text();
          const m = JSON.parse(text) as {
            captureCount: number;
            signers: unknown[];
            files: { role: string; size: number }[];
          };
          return {
            captures: m.captureCount,
            signers: m.signers.length,
            imageBytes: m.files.filter((f) => f.role === 'image').reduce((n, f) => n + f.size, 0),
          };
        }
        p += 46 + nameLength + extraLength + commentLength;
      }
      throw new Error(`${fileName} has no ${manifestPath}`);
    },
    [name, MANIFEST_PATH] as const,
  );
}

async function removePickedFile(library: LibraryPage, name: string): Promise<void> {
  await library.page.evaluate(async (n) => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(n);
  }, name);
}

type HeapUsage = { usedSize: number; backingStorageSize?: number };
const heapUsage = (cdp: CDPSession) => cdp.send('Runtime.getHeapUsage') as Promise<HeapUsage>;

/**
 * Peak of the library page's V8 heap (Runtime.getHeapUsage, every HEAP_SAMPLE_MS) during one more
 * export, after a forced garbage collection. `usedSize` is the JS heap; ArrayBuffer contents (the
 * images in flight) live outside it, in `backingStorageSize`, reported alongside.
 */
async function heapDuringExport(b: LaunchedBrowser, library: LibraryPage) {
  const cdp = await b.context.newCDPSession(library.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await heapUsage(cdp);
    const withBuffers = (u: HeapUsage) => u.usedSize + (u.backingStorageSize ?? 0);
    let peakUsed = before.usedSize;
    let peakBuffers = before.backingStorageSize ?? 0;
    let peakWithBuffers = withBuffers(before);
    let samples = 0;
    let inFlight: Promise<void> | undefined;
    const sample = () => {
      inFlight ??= heapUsage(cdp)
        .then((u) => {
          samples++;
          peakUsed = Math.max(peakUsed, u.usedSize);
          peakBuffers = Math.max(peakBuffers, u.backingStorageSize ?? 0);
          peakWithBuffers = Math.max(peakWithBuffers, withBuffers(u));
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = undefined;
        });
    };
    const timer = setInterval(sample, HEAP_SAMPLE_MS);
    let file: { name: string; size: number };
    try {
      file = await library.exportToPickedFile(ONE_CONTROL);
    } finally {
      clearInterval(timer);
      await inFlight;
    }
    await removePickedFile(library, file.name);
    return {
      beforeUsed: before.usedSize,
      beforeWithBuffers: withBuffers(before),
      peakUsed,
      beforeBuffers: before.backingStorageSize ?? 0,
      peakBuffers,
      peakWithBuffers,
      samples,
      bundleBytes: file.size,
    };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The library's integrity check of one capture, run by the library's own code in the page when a
 * capture's detail opens: `check` is its duration there (checkCapture's performance measure,
 * CHECK_MEASURE, which includes waiting while the page renders the dialog), `alone` the same
 * check run again by itself once the dialog is closed and the page idle (the automation build
 * exposes checkCapture to the bench), `ui` from the click on the capture's card (capture phase) until the detail's
 * "Verification of this capture" list shows the result instead of "Checking…" (a
 * MutationObserver), which adds opening the dialog and re-rendering the library. One dialog per
 * capture, opened and closed in turn, `count` captures from the top of the list.
 */
async function timeIntegrityChecks(
  library: LibraryPage,
  count: number,
): Promise<{ check: number; alone: number; ui: number }[]> {
  const page = library.page;
  const times: { check: number; alone: number; ui: number }[] = [];
  // The export dialog is still open from the exports: close it, as a person would.
  const exportDialog = page.locator('dialog.export-dialog');
  if (await exportDialog.evaluate((d: HTMLDialogElement) => d.open)) {
    await exportDialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await exportDialog.waitFor({ state: 'hidden' });
  }
  const cards = page.locator('button.card-button');
  await cards.first().waitFor();
  for (let i = 0; i < count; i++) {
    await page.evaluate(() => {
      const w = window as unknown as { __checkStart?: number; __checkEnd?: number };
      w.__checkStart = undefined;
      w.__checkEnd = undefined;
      document.addEventListener(
        'click',
        () => {
          w.__checkStart = performance.now();
        },
        { capture: true, once: true },
      );
      const seen = new MutationObserver(() => {
        const list = document.querySelector('dialog.detail ul.check');
        if (!list || w.__checkStart === undefined || w.__checkEnd !== undefined) return;
        const first = list.querySelector('li')?.textContent ?? '';
        if (first && first !== 'Checking…') {
          w.__checkEnd = performance.now();
          seen.disconnect();
        }
      });
      seen.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await cards.nth(i).click();
    await page.waitForFunction(() => (window as unknown as { __checkEnd?: number }).__checkEnd !== undefined);
    const t = await page.evaluate((name) => {
      const w = window as unknown as { __checkStart: number; __checkEnd: number };
      const lines = [...document.querySelectorAll('dialog.detail ul.check li')].map(
        (l) => l.textContent ?? '',
      );
      const measures = performance.getEntriesByName(name, 'measure');
      return { ms: w.__checkEnd - w.__checkStart, check: measures.at(-1)?.duration, lines };
    }, CHECK_MEASURE);
    if (!t.lines.length || t.lines.some((l) => l.startsWith('FAIL')))
      throw new Error(`the integrity check of capture ${i + 1} did not pass: ${t.lines.join(' | ')}`);
    if (t.check === undefined) throw new Error('the integrity check left no performance measure');
    await page.locator('dialog.detail').getByRole('button', { name: 'Close' }).click();
    await page.locator('dialog.detail').waitFor({ state: 'detached' });
    // The same check again, by itself with the page idle (the automation build exposes it).
    const alone = await page.evaluate(async (name) => {
      const w = window as unknown as { __prooftrailCheckCapture?: (c: unknown) => Promise<{ ok: boolean }> };
      const id = (performance.getEntriesByName(name, 'measure').at(-1) as PerformanceMeasure | undefined)
        ?.detail as string | undefined;
      if (!w.__prooftrailCheckCapture) throw new Error('this build does not expose the integrity check');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('prooftrail');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const record = await new Promise<unknown>((resolve, reject) => {
        const r = db
          .transaction('captures')
          .objectStore('captures')
          .get(id ?? '');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      db.close();
      const t0 = performance.now();
      const result = await w.__prooftrailCheckCapture(record);
      const ms = performance.now() - t0;
      performance.clearMeasures(name);
      return { ms, ok: result.ok };
    }, CHECK_MEASURE);
    if (!alone.ok) throw new Error(`the integrity check of capture ${i + 1}, run alone, did not pass`);
    times.push({ check: t.check, alone: alone.ms, ui: t.ms });
  }
  return times;
}

/**
 * The floor page entry (export-floor-page-entry.ts) as one IIFE for page.evaluate, its image check
 * pointed at the worker the extension in `extensionDir` was built with (the bundle's own copy of
 * the worker is not written; the page loads the extension's, from the same origin).
 */
async function floorPageScript(extensionDir: string): Promise<string> {
  const built = readdirSync(join(extensionDir, 'assets')).filter((f) =>
    /^image-check-worker-.*\.js$/.test(f),
  );
  if (built.length !== 1)
    throw new Error(`expected one image-check worker in ${extensionDir}/assets, found ${built.length}`);
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    // The worker's URL is resolved against the page's address (an IIFE has no import.meta). The
    // key is joined at run time: the CLI's build of this file would replace it written whole.
    define: { [['import', 'meta', 'url'].join('.')]: 'self.location.href' },
    build: {
      write: false,
      lib: {
        entry: join(here, 'export-floor-page-entry.ts'),
        formats: ['iife'],
        name: 'ProofTrailExportFloor',
      },
      minify: true,
    },
  });
  const output = (Array.isArray(result) ? result[0] : result) as {
    output: { type: string; fileName: string; code?: string }[];
  };
  const chunk = output.output.find((x) => x.type === 'chunk');
  const worker = output.output.find((x) => x.type === 'asset' && x.fileName.includes('image-check-worker'));
  if (!chunk?.code || !worker) throw new Error('export bench: the floor page script did not build');
  const parts = chunk.code.split(`/${worker.fileName}`);
  if (parts.length !== 2)
    throw new Error('export bench: the floor page script does not name its worker once');
  return parts.join(`/assets/${built[0]}`);
}

/** One round of `checkFloor` (export-floor-page-entry.ts) in the library page. */
function checkFloor(library: LibraryPage, write: boolean): Promise<CheckFloor> {
  return library.page.evaluate(
    (w) =>
      (
        globalThis as unknown as { ProofTrailExportFloor: typeof import('./export-floor-page-entry') }
      ).ProofTrailExportFloor.checkFloor(w),
    write,
  );
}
