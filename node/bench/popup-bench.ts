import { rmSync } from 'node:fs';
import { openTab, PopupPage } from '../automation/extension-pages';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import {
  BASELINE_CAPTURES,
  callEntry,
  GOALS,
  LIBRARY_CAPTURES,
  libraryPageScript,
  seedLibrary,
  timeFloorPopup,
} from './library-bench';
import { median, progressOf } from './stats';

/** Timed openings of the popup per size, after one warm-up (`--only popup`). */
export const POPUP_RUNS = 11;

const progress = progressOf('popup');

/** One opening of the popup: every step it marks, from the popup window's navigation start. */
export type PopupSteps = Record<string, number>;

/** Options of the popup bench. */
export interface PopupBenchOptions {
  executablePath: string;
  extensionDir: string;
  runs?: number;
  /**
   * Another build of the extension (e.g. main's) opened at LIBRARY_CAPTURES in the same run,
   * interleaved with this one, for a before/after under the same load (`POPUP_BENCH_COMPARE=DIR`).
   */
  compareDir?: string;
}

/**
 * The popup's opening step by step, at LIBRARY_CAPTURES and BASELINE_CAPTURES in the same run,
 * each opening beside the browser's floor (an empty extension page opened in a popup window the
 * same way): HTML parsed, each script and style fetched, the popup's own marks (`popup:*`: first
 * module evaluated, tab found, form data read, form code loaded, first paint, ready) and the
 * browser's first contentful paint. Returns the lines to print.
 */
export async function runPopupBench(o: PopupBenchOptions): Promise<string[]> {
  const runs = o.runs ?? POPUP_RUNS;
  progress('bundling the seeding code for the page');
  const script = await libraryPageScript();
  const sizes = [BASELINE_CAPTURES, LIBRARY_CAPTURES];
  const dirs = [o.extensionDir, o.extensionDir];
  if (o.compareDir) {
    sizes.unshift(LIBRARY_CAPTURES);
    dirs.unshift(o.compareDir);
  }
  const browsers: LaunchedBrowser[] = [];
  try {
    for (const [i, n] of sizes.entries()) {
      const b = await launchWithExtension({ executablePath: o.executablePath, extensionDir: dirs[i]! });
      browsers.push(b);
      progress(`seeding ${n.toLocaleString('en-US')} captures`);
      const stored = await seedLibrary(b, script, n);
      if (stored !== n) throw new Error(`popup bench: stored ${stored} captures, not ${n}`);
      await callEntry(b, script, 'setIdentity');
    }
    const steps = sizes.map(() => [] as PopupSteps[]);
    for (let r = 0; r <= runs; r++)
      for (const [i, b] of browsers.entries()) {
        progress(`opening ${r + 1} of ${runs + 1}: ${sizes[i]!.toLocaleString('en-US')} captures`);
        const floor = await timeFloorPopup(b);
        const s = await timePopupSteps(b);
        if (r > 0) steps[i]!.push({ ...s, 'floor: empty page in a popup window, painted': floor });
      }
    return report(
      sizes.map(
        (n, i) => `${n.toLocaleString('en-US')}${o.compareDir && i === 0 ? ' (compared build)' : ''}`,
      ),
      steps,
    );
  } finally {
    for (const b of browsers) {
      await b.close();
      rmSync(b.userDataDir, { recursive: true, force: true });
    }
  }
}

/** Opens the popup (aimed at a blank tab) and reads its timeline once it is ready. */
export async function timePopupSteps(b: LaunchedBrowser): Promise<PopupSteps> {
  const target = await openTab(b);
  try {
    const popup = await PopupPage.open(b, target);
    try {
      await popup.page.waitForFunction(
        () => performance.getEntriesByName('popup:ready', 'mark').length > 0,
        null,
        {
          timeout: 120_000,
          polling: 50,
        },
      );
      return await popup.page.evaluate(() => {
        const out: Record<string, number> = {};
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (nav) {
          out['html: response end'] = nav.responseEnd;
          out['html: parsed (domInteractive)'] = nav.domInteractive;
          out['html: DOMContentLoaded end'] = nav.domContentLoadedEventEnd;
        }
        for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
          const file = r.name.replace(/^.*\//, '').replace(/-[\w-]{8}\.(js|css)$/, '.$1');
          out[`fetched ${file}`] = r.responseEnd;
        }
        for (const p of performance.getEntriesByType('paint')) out[`browser: ${p.name}`] = p.startTime;
        for (const m of performance.getEntriesByType('mark'))
          if (m.name.startsWith('popup:')) out[`mark ${m.name}`] = m.startTime;
        return out;
      });
    } finally {
      await popup.page.close();
    }
  } finally {
    await target.page.close();
  }
}

/** Every step's median at both sizes, in the order of the large library's timeline. */
function report(columns: string[], steps: PopupSteps[][]): string[] {
  const names = new Set(steps.flatMap((s) => s.flatMap((x) => Object.keys(x))));
  const med = (i: number, k: string) => {
    const xs = steps[i]!.map((x) => x[k]).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : Number.NaN;
  };
  const big = columns.length - 1;
  const small = big - 1;
  const rows = [...names].sort((a, b) => med(big, a) - med(big, b));
  const f = (x: number) => (Number.isNaN(x) ? '    –   ' : `${x.toFixed(1).padStart(6)} ms`);
  const floor = (i: number) => med(i, 'floor: empty page in a popup window, painted');
  const ready = (i: number) => med(i, 'mark popup:ready');
  const shell = (i: number) => med(i, 'mark popup:shell');
  return [
    `step (from the popup window's navigation start; medians), by captures stored: ${columns.join(' | ')}`,
    ...rows.map((k) => `  ${k.padEnd(56)} ${columns.map((_, i) => f(med(i, k))).join('  ')}`),
    ...columns.map(
      (c, i) =>
        `${c}: floor ${f(floor(i))} · first paint (popup:shell) ${f(shell(i))} (÷ floor ${(shell(i) / floor(i)).toFixed(2)}×) · ready (popup:ready; goal ≤ ${GOALS.popupMs} ms) ${f(ready(i))} (÷ floor ${(ready(i) / floor(i)).toFixed(2)}×, ours ${f(ready(i) - floor(i))})`,
    ),
    `ready at ${columns[big]} ÷ at ${columns[small]}: ${(ready(big) / ready(small)).toFixed(2)}×${columns.length > 2 ? ` · this build ÷ ${columns[0]}: ${(ready(big) / ready(0)).toFixed(2)}× ready, ${(shell(big) / shell(0)).toFixed(2)}× first paint` : ''}`,
  ];
}
