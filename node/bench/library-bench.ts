import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openTab, PopupPage } from '../automation/extension-pages';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { CONTROLS } from './coverage-fixture';
import type { Needle } from './library-fixture';
import { bundlePageScript } from './page-script';
import { median, progressOf } from './stats';

/** The library at scale and its baseline, measured in the same run. */
export const LIBRARY_CAPTURES = 10_000;
export const BASELINE_CAPTURES = 10;
/** Timed openings (page, popup) per size, after one warm-up; filter changes; rebuilds. */
export const LIBRARY_RUNS = 7;
const FILTER_CHANGES = 8;
const REBUILDS = 3;
/** The word typed into the search box, one keystroke at a time (a word of many page texts). */
export const TYPED_WORD = 'retention';
/** Pixels scrolled per frame in the scripted scroll (about a screenful a frame: a fast fling). */
const SCROLL_STEP = 600;
/** The goals of issue 13 item 4. */
export const GOALS = { renderMs: 300, filterMs: 50, keystrokeMs: 50, popupMs: 150 } as const;

const here = fileURLToPath(new URL('.', import.meta.url));
const progress = progressOf('library');

/** The library page entry (library-page-entry.ts) as one IIFE for page.evaluate. */
export function libraryPageScript(): Promise<string> {
  return bundlePageScript(join(here, 'library-page-entry.ts'), 'ProofTrailLibraryBench');
}

interface Entry {
  ProofTrailLibraryBench: typeof import('./library-page-entry');
}

type EntryFns = Entry['ProofTrailLibraryBench'];
type Method = {
  [K in keyof EntryFns]: EntryFns[K] extends (...a: never[]) => Promise<unknown> ? K : never;
}[keyof EntryFns];

/** Calls a function of the page entry in a fresh extension page, then closes the page. */
export async function callEntry<M extends Method>(
  b: LaunchedBrowser,
  script: string,
  method: M,
  ...args: Parameters<EntryFns[M]>
): Promise<Awaited<ReturnType<EntryFns[M]>>> {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.evaluate(script);
    return (await page.evaluate(
      ([m, a]) => {
        const entry = (globalThis as unknown as Entry).ProofTrailLibraryBench as unknown as Record<
          string,
          (...x: unknown[]) => Promise<unknown>
        >;
        return entry[m as string]!(...(a as unknown[]));
      },
      [method, args] as const,
    )) as Awaited<ReturnType<EntryFns[M]>>;
  } finally {
    await page.close();
  }
}

/** Stores `count` generated captures (and the 150 schedules) in the browser's library. */
export function seedLibrary(
  b: LaunchedBrowser,
  script: string,
  count: number,
  needle?: Needle,
): Promise<number> {
  return callEntry(b, script, 'seed', count, needle);
}

export interface LibraryBenchOptions {
  executablePath: string;
  extensionDir: string;
  runs?: number;
}

/** The figures of one library size. */
interface Figures {
  captures: number;
  /** The floor: an empty extension page (one tiny module) to its first paint, from navigation. */
  floorPaintMs: number;
  /** The floor: a new Dexie connection opened, then every capture's key read, in that page. */
  floorOpenMs: number;
  floorKeysMs: number;
  /** The floor of the popup: the same empty page opened as the popup is, in a popup window. */
  floorPopupMs: number;
  evidenceMs: number;
  /** Navigation start → every capture's key read (mark library:keys), in the evidence openings. */
  keysMs: number;
  coverageMs: number;
  filterMs: number;
  filterMax: number;
  keystrokeMs: number;
  keystrokeMax: number;
  scroll: ScrollFigures;
  popupMs: number;
  /** Navigation start → the popup's heading and page painted (mark popup:shell), before its form. */
  popupShellMs: number;
  rebuildMs: number;
  rebuildWallMs: number;
  rebuildRenderMs: number;
}

export interface ScrollFigures {
  frames: number;
  medianFrame: number;
  longestFrame: number;
  /** Frames that took longer than 1.5 × the median frame (a frame or more missed). */
  dropped: number;
  distance: number;
  /** Frames (of every eighth) in which the middle of the viewport, inside a list, showed no card. */
  blank: number;
}

/**
 * The library bench (issue 13 item 4): in headless Chromium with the automation build, two
 * profiles side by side, one holding LIBRARY_CAPTURES generated captures over 150 controls (with
 * page text, small images, ledger entries and the controls' schedules) and one BASELINE_CAPTURES,
 * each figure measured on both in turn: the first meaningful render of the library (evidence view
 * and coverage home), a filter change, a search keystroke, a scripted scroll through every group,
 * the popup's opening, and the search index's rebuild after an upgrade. Returns the lines to print.
 */
export async function runLibraryBench(o: LibraryBenchOptions): Promise<string[]> {
  const runs = o.runs ?? LIBRARY_RUNS;
  progress('bundling the seeding code for the page');
  const script = await libraryPageScript();
  const sizes = [BASELINE_CAPTURES, LIBRARY_CAPTURES];
  const browsers: LaunchedBrowser[] = [];
  try {
    for (const n of sizes) {
      const b = await launchWithExtension({ executablePath: o.executablePath, extensionDir: o.extensionDir });
      browsers.push(b);
      progress(`seeding ${n.toLocaleString('en-US')} captures`);
      const stored = await seedLibrary(b, script, n);
      if (stored !== n) throw new Error(`library bench: stored ${stored} captures, not ${n}`);
      await callEntry(b, script, 'setIdentity');
    }
    const each = async <T>(what: string, fn: (b: LaunchedBrowser, i: number) => Promise<T>): Promise<T[]> => {
      const out: T[] = [];
      for (const [i, b] of browsers.entries()) {
        progress(`${what}: ${sizes[i]!.toLocaleString('en-US')} captures`);
        out.push(await fn(b, i));
      }
      return out;
    };
    // Rebuilds first: each opening after dropping the stored index (as after an upgrade).
    const rebuilds = sizes.map(() => [] as { ms: number; wall: number; render: number }[]);
    for (let r = 0; r < REBUILDS; r++)
      await each(`index rebuild ${r + 1} of ${REBUILDS}`, async (b, i) => {
        await callEntry(b, script, 'dropIndex');
        rebuilds[i]!.push(await timeRebuild(b));
      });
    // Openings, interleaved size by size.
    const evidence = sizes.map(() => [] as number[]);
    const coverage = sizes.map(() => [] as number[]);
    const keysRead = sizes.map(() => [] as number[]);
    const popup = sizes.map(() => [] as number[]);
    const popupShell = sizes.map(() => [] as number[]);
    const floor = sizes.map(() => [] as Floor[]);
    const floorPopup = sizes.map(() => [] as number[]);
    for (let r = 0; r <= runs; r++)
      await each(`openings ${r + 1} of ${runs + 1}`, async (b, i) => {
        const fl = await timeFloor(b, script);
        const fp = await timeFloorPopup(b);
        const e = await timeOpening(b, 'evidence');
        const c = await timeOpening(b, 'coverage');
        const p = await timePopup(b);
        if (r === 0) return; // the warm-up
        floor[i]!.push(fl);
        floorPopup[i]!.push(fp);
        evidence[i]!.push(e[0]);
        keysRead[i]!.push(e[1]);
        coverage[i]!.push(c[0]);
        popup[i]!.push(p.ready);
        popupShell[i]!.push(p.shell);
      });
    const interactions = await each('filters, search, scroll', (b) => timeInteractions(b, script));
    const figures: Figures[] = sizes.map((captures, i) => ({
      captures,
      floorPaintMs: median(floor[i]!.map((x) => x.paintMs)),
      floorOpenMs: median(floor[i]!.map((x) => x.openMs)),
      floorKeysMs: median(floor[i]!.map((x) => x.keysMs)),
      floorPopupMs: median(floorPopup[i]!),
      evidenceMs: median(evidence[i]!),
      keysMs: median(keysRead[i]!),
      coverageMs: median(coverage[i]!),
      popupMs: median(popup[i]!),
      popupShellMs: median(popupShell[i]!),
      rebuildMs: median(rebuilds[i]!.map((x) => x.ms)),
      rebuildWallMs: median(rebuilds[i]!.map((x) => x.wall)),
      rebuildRenderMs: median(rebuilds[i]!.map((x) => x.render)),
      ...interactions[i]!,
    }));
    return report(figures[1]!, figures[0]!);
  } finally {
    for (const b of browsers) {
      await b.close();
      rmSync(b.userDataDir, { recursive: true, force: true });
    }
  }
}

/** The figure lines: each at scale beside the baseline, with the ratio and the goal. */
function report(big: Figures, small: Figures): string[] {
  const n = (x: number) => x.toLocaleString('en-US');
  const f = (x: number) => `${x.toFixed(1)} ms`;
  const line = (what: string, b: number, s: number, goal?: string) =>
    `${what}: ${f(b)} at ${n(big.captures)} captures (${goal ? `goal ${goal}` : 'no goal'}) · ${f(s)} at ${n(small.captures)} · ratio ${(b / s).toFixed(2)}×`;
  const scroll = (x: ScrollFigures) =>
    `${n(x.frames)} frames over ${n(Math.round(x.distance))} px: median frame ${f(x.medianFrame)}, longest ${f(x.longestFrame)}, ${x.dropped} dropped (> 1.5× median), ${x.blank} showing an empty card row (every 8th frame checked)`;
  return [
    `floor, the browser's share (same runs): an empty extension page (one tiny module) to its first paint ${f(big.floorPaintMs)} / ${f(small.floorPaintMs)}; in it, a new database connection opened (Dexie) ${f(big.floorOpenMs)} / ${f(small.floorOpenMs)}, then every capture's key read ${f(big.floorKeysMs)} / ${f(small.floorKeysMs)}; the same empty page opened in a popup window as the popup is, to its first paint ${f(big.floorPopupMs)} / ${f(small.floorPopupMs)} (at ${n(big.captures)} / ${n(small.captures)} captures)`,
    line(
      'first meaningful render, All evidence (navigation start → the first group’s first cards painted with their records; mark library:evidence)',
      big.evidenceMs,
      small.evidenceMs,
      `≤ ${GOALS.renderMs} ms`,
    ),
    `  of which navigation start → every capture's key read from IndexedDB (mark library:keys): ${f(big.keysMs)} at ${n(big.captures)} · ${f(small.keysMs)} at ${n(small.captures)}`,
    line(
      'first meaningful render, Coverage home (navigation start → the coverage grids of every capture painted; mark library:coverage)',
      big.coverageMs,
      small.coverageMs,
      `≤ ${GOALS.renderMs} ms`,
    ),
    line(
      `filter change (control picked or cleared → the list painted; median of ${FILTER_CHANGES}, longest ${f(big.filterMax)} / ${f(small.filterMax)})`,
      big.filterMs,
      small.filterMs,
      `≤ ${GOALS.filterMs} ms`,
    ),
    line(
      `search keystroke (typing “${TYPED_WORD}”: each key → its results painted; median over the word, longest ${f(big.keystrokeMax)} / ${f(small.keystrokeMax)})`,
      big.keystrokeMs,
      small.keystrokeMs,
      `≤ ${GOALS.keystrokeMs} ms`,
    ),
    `scroll through all groups (${SCROLL_STEP} px a frame, requestAnimationFrame deltas; goal: no dropped frames): ${n(big.captures)} captures ${scroll(big.scroll)} · ${n(small.captures)} captures ${scroll(small.scroll)} · longest-frame ratio ${(big.scroll.longestFrame / small.scroll.longestFrame).toFixed(2)}×`,
    line(
      'popup first paint (navigation start → popup:shell painted: heading, links and the page to capture, before the form and database code load)',
      big.popupShellMs,
      small.popupShellMs,
      `≤ ${GOALS.popupMs} ms`,
    ),
    line(
      'popup open (navigation start → popup:ready painted: form, controls and recent captures shown)',
      big.popupMs,
      small.popupMs,
      `≤ ${GOALS.popupMs} ms`,
    ),
    line(
      `search index rebuild after an upgrade (stored index dropped; in the library's worker: read every record and page text, index, store; median of ${REBUILDS}; wall time from navigation ${f(big.rebuildWallMs)} / ${f(small.rebuildWallMs)}; the first render meanwhile ${f(big.rebuildRenderMs)} / ${f(small.rebuildRenderMs)})`,
      big.rebuildMs,
      small.rebuildMs,
    ),
    `  (${n(big.captures)} captures over ${CONTROLS} controls, ${n(small.captures)} in the baseline; both profiles open side by side, figures taken in turn)`,
  ];
}

interface Floor {
  paintMs: number;
  openMs: number;
  keysMs: number;
}

/**
 * The floor the library's figures stand on: the automation build's empty page (bench-floor.html,
 * one module that marks its first paint as the library marks its own) opened like the library,
 * then, in it, the database opened and the keys read with the extension's code alone.
 */
export async function timeFloor(b: LaunchedBrowser, script: string): Promise<Floor> {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/bench-floor.html`);
    const paintMs = await markTime(page, 'floor:painted');
    await page.evaluate(script);
    const db = await page.evaluate(() =>
      (globalThis as unknown as Entry).ProofTrailLibraryBench.timeDatabase(),
    );
    return { paintMs, ...db };
  } finally {
    await page.close();
  }
}

/** The popup's floor: the empty page opened in a popup window the way PopupPage.open opens the popup. */
export async function timeFloorPopup(b: LaunchedBrowser): Promise<number> {
  const url = `chrome-extension://${b.extensionId}/bench-floor.html?popup`;
  const opened = b.context.waitForEvent('page', { predicate: (p) => p.url() === url });
  await b.worker.evaluate(
    (u) => chrome.windows.create({ url: u, type: 'popup', width: 420, height: 720 }),
    url,
  );
  const page = await opened;
  try {
    return await markTime(page, 'floor:painted');
  } finally {
    await page.close();
  }
}

/** Opens the library on a view; returns its first-render mark and when the keys were read. */
export async function timeOpening(
  b: LaunchedBrowser,
  view: 'evidence' | 'coverage',
): Promise<[number, number]> {
  const page = await b.context.newPage();
  try {
    await page.goto(
      `chrome-extension://${b.extensionId}/library.html${view === 'evidence' ? '#evidence' : ''}`,
    );
    const t = await markTime(page, `library:${view}`);
    return [t, await markTime(page, 'library:keys')];
  } finally {
    await page.close();
  }
}

/** The startTime of a performance mark, once it is set. */
async function markTime(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName(n, 'mark')[0]?.startTime,
    name,
    { timeout: 120_000, polling: 50 },
  );
  const t = Number(await handle.jsonValue());
  await handle.dispose();
  return t;
}

/** Opens the library with no stored index; waits for the worker's rebuild. */
async function timeRebuild(b: LaunchedBrowser): Promise<{ ms: number; wall: number; render: number }> {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/library.html#evidence`);
    const render = await markTime(page, 'library:evidence');
    const search = page.locator('search.library-search[data-index="ready"]');
    await search.waitFor({ timeout: 600_000 });
    const wall = await page.evaluate(() => performance.now());
    if ((await search.getAttribute('data-index-rebuilt')) !== 'true')
      throw new Error('library bench: the index was not rebuilt after it was dropped');
    return { ms: Number(await search.getAttribute('data-index-ms')), wall, render };
  } finally {
    await page.close();
  }
}

/** Opens the popup (aimed at a blank tab); returns its first paint and ready marks. */
export async function timePopup(b: LaunchedBrowser): Promise<{ shell: number; ready: number }> {
  const target = await openTab(b);
  try {
    const popup = await PopupPage.open(b, target);
    try {
      const ready = await markTime(popup.page, 'popup:ready');
      return { shell: await markTime(popup.page, 'popup:shell'), ready };
    } finally {
      await popup.page.close();
    }
  } finally {
    await target.page.close();
  }
}

/** Filter changes, a typed search word and a scroll through every group, in one opened library. */
export async function timeInteractions(
  b: LaunchedBrowser,
  script: string,
): Promise<Pick<Figures, 'filterMs' | 'filterMax' | 'keystrokeMs' | 'keystrokeMax' | 'scroll'>> {
  const page = await b.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${b.extensionId}/library.html#evidence`);
    await markTime(page, 'library:evidence');
    await page.locator('search.library-search[data-index="ready"]').waitFor({ timeout: 600_000 });
    // Frames are what is timed: the page must be the one the browser shows.
    await page.bringToFront();
    await page.evaluate(script);
    const entry = <M extends 'timeFilters' | 'timeTyping' | 'timeScroll'>(m: M, arg: number | string) =>
      page.evaluate(
        ([name, a]) =>
          (
            (globalThis as unknown as Entry).ProofTrailLibraryBench[name] as unknown as (
              x: unknown,
            ) => Promise<unknown>
          )(a),
        [m, arg] as const,
      ) as Promise<Awaited<ReturnType<EntryFns[M]>>>;
    const filters = await entry('timeFilters', FILTER_CHANGES);
    const keys = await entry('timeTyping', TYPED_WORD);
    const scroll = await entry('timeScroll', SCROLL_STEP);
    return {
      filterMs: median(filters),
      filterMax: Math.max(...filters),
      keystrokeMs: median(keys),
      keystrokeMax: Math.max(...keys),
      scroll,
    };
  } finally {
    await page.close();
  }
}
