import { type StepReport, BENCH_TIMINGS_KEY as TIMINGS_KEY } from '../../lib/capture/step-timings';
import type { LaunchedBrowser } from '../automation/launch';
import type { Floors } from './capture-floor';
import { median } from './stats';

/** Reads and clears the last capture's step timings; throws when the capture left none. */
export async function takeStepReport(b: LaunchedBrowser): Promise<StepReport> {
  // The worker writes them just after replying to the popup: give it a moment.
  for (let i = 0; i < 50; i++) {
    const report = await b.worker.evaluate(async (key) => {
      const got = (await chrome.storage.session.get(key))[key];
      if (got) await chrome.storage.session.remove(key);
      return got as StepReport | undefined;
    }, TIMINGS_KEY);
    if (report) return report;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(
    `the capture left no step timings under storage.session "${TIMINGS_KEY}" (automation build?)`,
  );
}

/** One row per step (in the order of the first run), with the median over the runs. */
export interface StepRow {
  step: string;
  /** A call that ran beside the steps, summed over the capture (not part of the steps' total). */
  call: boolean;
  ms: number;
}

/** Medians per step and per call over several captures, plus the median of the steps' totals. */
export function medianSteps(reports: StepReport[]): { rows: StepRow[]; total: number } {
  const names = [...new Set(reports.flatMap((r) => r.steps.map(([s]) => s)))];
  const calls = [...new Set(reports.flatMap((r) => Object.keys(r.calls)))];
  const stepMs = (r: StepReport, name: string) =>
    r.steps.filter(([s]) => s === name).reduce((n, [, ms]) => n + ms, 0);
  return {
    rows: [
      ...names.map((step) => ({ step, call: false, ms: median(reports.map((r) => stepMs(r, step))) })),
      ...calls.map((step) => ({ step, call: true, ms: median(reports.map((r) => r.calls[step] ?? 0)) })),
    ],
    total: median(reports.map((r) => r.steps.reduce((n, [, ms]) => n + ms, 0))),
  };
}

const cell = (x: number | undefined, base: number) =>
  x === undefined ? ''.padStart(17) : `${x.toFixed(1).padStart(7)} ms ${(x / base).toFixed(2).padStart(5)}×`;

/** Measured beside the captures of one setting: raw captureVisibleTab and press→committed medians. */
export interface SettingFigures {
  raw: number;
  pipeline: number;
  /**
   * press→committed without the capture's own captureVisibleTab, per capture (median): the
   * screenshot's time swings most with the machine's load, so this is compared with the floor's
   * `afterScreenshot` to tell ours from the browser's.
   */
  pipelineAfterScreenshot: number;
  steps: ReturnType<typeof medianSteps>;
  /** The browser's own floors, measured alone beside the same captures (see measureFloors). */
  floors: Floors;
}

/**
 * The per-step table of one viewport size, banner off beside banner on; each figure also as a
 * multiple of that setting's raw captureVisibleTab.
 */
export function stepTable(label: string, off: SettingFigures, on: SettingFigures): string[] {
  const both = [...on.steps.rows, ...off.steps.rows];
  const ordered = [...both.filter((r) => !r.call), ...both.filter((r) => r.call)];
  const names = [...new Set(ordered.map((r) => `${r.call ? '· ' : ''}${r.step}`))];
  const find = (f: SettingFigures, name: string) =>
    f.steps.rows.find((r) => `${r.call ? '· ' : ''}${r.step}` === name)?.ms;
  const row = (name: string, a: number | undefined, b: number | undefined) =>
    `  ${name.padEnd(46)} ${cell(a, off.raw)}  ${cell(b, on.raw)}`;
  return [
    `${label} steps of one visible capture (medians; × raw captureVisibleTab)   banner off          banner on`,
    row('raw captureVisibleTab (bench, alone)', off.raw, on.raw),
    row('press→committed (popup)', off.pipeline, on.pipeline),
    row('capturePage, all steps', off.steps.total, on.steps.total),
    row(
      'outside capturePage (messages, popup)',
      off.pipeline - off.steps.total,
      on.pipeline - on.steps.total,
    ),
    ...names.map((n) => row(n, find(off, n), find(on, n))),
    '  (· = calls made inside the steps above, summed per capture; they overlap other work)',
    '  the browser alone (capture-floor.ts: its primitives back to back, no ProofTrail code between):',
    row('  captureVisibleTab', off.floors.screenshot, on.floors.screenshot),
    row('  pageCapture.saveAsMHTML (beside the pixels)', off.floors.snapshot, on.floors.snapshot),
    row('  createImageBitmap + drawImage', undefined, on.floors.decodeDraw),
    row('  getImageData (rows above the banner)', undefined, on.floors.getImageData),
    row('  SHA-256 of those pixels (WebCrypto)', undefined, on.floors.pixelDigest),
    row('  convertToBlob PNG + read', undefined, on.floors.encode),
    row('  IndexedDB strict commit of the same bytes', off.floors.idbCommit, on.floors.idbCommit),
    row('  popup ⇄ worker message', off.floors.message, on.floors.message),
    row('floor: screenshot → committed + message', off.floors.total, on.floors.total),
    row('ours: press→committed − floor', off.pipeline - off.floors.total, on.pipeline - on.floors.total),
    '  the same without either screenshot (medians per capture; the screenshot swings most with load):',
    row('  press→committed − its captureVisibleTab', off.pipelineAfterScreenshot, on.pipelineAfterScreenshot),
    row('  floor − its captureVisibleTab', off.floors.afterScreenshot, on.floors.afterScreenshot),
    row(
      '  ours: the difference',
      off.pipelineAfterScreenshot - off.floors.afterScreenshot,
      on.pipelineAfterScreenshot - on.floors.afterScreenshot,
    ),
    row('(apart) format SHA-256s + ECDSA signature', off.floors.formatCrypto, on.floors.formatCrypto),
  ];
}
