import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureKeyOf } from '../../lib/db/capture-keys';
import { toAuditPeriod } from '../../lib/db/schedules-repo';
import type { ControlSchedule } from '../../lib/formats/schedule';
import { type CoverageCapture, computeCoverage } from '../../lib/period/coverage';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import {
  AS_OF,
  CAPTURES,
  CONTROLS,
  type CoverageFixture,
  coverageFixture,
  SMALL_CAPTURES,
} from './coverage-fixture';
import { bundlePageScript } from './page-script';
import { median, progressOf } from './stats';

/** Timed runs of each size, after one warm-up of each; medians are reported. */
export const RUNS = 7;
/** The goal from issue 12: coverage of 10,000 captures in at most this long. */
export const GOAL_MS = 100;
/** Records sent into the page per evaluate call while seeding. */
const SEED_CHUNK = 2_000;

const here = fileURLToPath(new URL('.', import.meta.url));
const progress = progressOf('coverage');

export interface CoverageBenchOptions {
  executablePath: string;
  extensionDir: string;
  runs?: number;
}

interface Figures {
  ms: number;
  /** The warm-up run: the first in the process for that size (caches and JIT cold). */
  first: number;
  /** Library only: medians of reading the capture records from IndexedDB alone (Dexie, bare getAll). */
  readMs?: number;
  rawReadMs?: number;
  all: number[];
  cells: number;
  counted: number;
}

/**
 * The coverage bench (issue 12 item 7): CAPTURES captures over CONTROLS controls and an audit year
 * (coverage-fixture.ts), against SMALL_CAPTURES captures over the same schedules, each computed
 * (a) in the library: in headless Chromium with the automation build, on the extension's library
 * page, the records stored in its IndexedDB, timed around the library's own frameworkCoverage
 * (every record read from IndexedDB, then computeCoverage per framework; the database already
 * open); and (b) in this Node process, around computeCoverage alone over the same records in
 * memory, as the CLI computes it once it has them. Both sides check they counted the same
 * captures in the same number of periods. Returns the lines to print; no figure is asserted.
 */
export async function runCoverageBench(o: CoverageBenchOptions): Promise<string[]> {
  const runs = o.runs ?? RUNS;
  const small = coverageFixture(SMALL_CAPTURES);
  const big = coverageFixture(CAPTURES);

  progress(`Node: ${runs} runs of ${SMALL_CAPTURES} and ${CAPTURES} captures, interleaved`);
  const node = interleave(runs, [() => inNode(small), () => inNode(big)]);
  const [nodeSmall, nodeBig] = node.map(summarise) as [Figures, Figures];

  progress('bundling the library code for the page');
  const script = await pageScript();
  const b = await launchWithExtension({ executablePath: o.executablePath, extensionDir: o.extensionDir });
  let libSmall: Figures;
  let libBig: Figures;
  try {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/library.html`);
    await page.evaluate(script);
    const seed = async (f: CoverageFixture) => {
      await page.evaluate(() => (globalThis as unknown as Bench).ProofTrailCoverageBench.clear());
      for (let i = 0; i < f.records.length; i += SEED_CHUNK)
        await page.evaluate(
          ([records, schedules, periods]) =>
            (globalThis as unknown as Bench).ProofTrailCoverageBench.seed(records, schedules, periods),
          [f.records.slice(i, i + SEED_CHUNK), i ? [] : f.schedules, i ? [] : f.periods] as const,
        );
    };
    const time = () =>
      page.evaluate(
        (asOf) => (globalThis as unknown as Bench).ProofTrailCoverageBench.timeCoverage(asOf),
        AS_OF,
      );
    progress(`library: ${SMALL_CAPTURES} captures seeded into IndexedDB; ${runs} runs`);
    await seed(small);
    libSmall = summarise(await timed(runs, time));
    progress(`library: ${CAPTURES} captures seeded into IndexedDB; ${runs} runs`);
    await seed(big);
    libBig = summarise(await timed(runs, time));
  } finally {
    await close(b);
  }
  for (const [what, lib, cli] of [
    [`${SMALL_CAPTURES}`, libSmall, nodeSmall],
    [`${CAPTURES}`, libBig, nodeBig],
  ] as const)
    if (lib.cells !== cli.cells || lib.counted !== cli.counted)
      throw new Error(
        `coverage of ${what} captures differs: library ${lib.cells} periods, ${lib.counted} counted; Node ${cli.cells}, ${cli.counted}`,
      );

  const n = (x: number) => x.toLocaleString('en-US');
  const line = (where: string, bigF: Figures, smallF: Figures) =>
    `${where}: ${n(CAPTURES)} captures median ${bigF.ms.toFixed(1)} ms (goal ≤ ${GOAL_MS} ms) beside ${n(SMALL_CAPTURES)} captures ${smallF.ms.toFixed(1)} ms in the same process; ratio ${(bigF.ms / smallF.ms).toFixed(1)}× for ${n(CAPTURES / SMALL_CAPTURES)}× the captures; first runs (cold) ${bigF.first.toFixed(1)} ms and ${smallF.first.toFixed(1)} ms`;
  return [
    line('library (Chromium, IndexedDB read + computeCoverage)', libBig, libSmall),
    `  per run: ${libBig.all.map((x) => x.toFixed(1)).join(', ')} ms; of which reading the ${n(CAPTURES)} capture keys (lib/db/capture-keys.ts) from IndexedDB alone, median ${libBig.readMs?.toFixed(1)} ms (${n(SMALL_CAPTURES)}: ${libSmall.readMs?.toFixed(1)} ms), a bare IndexedDB getAll of them ${libBig.rawReadMs?.toFixed(1)} ms; ${n(libBig.cells)} period cells, ${n(libBig.counted)} capture countings`,
    line('CLI (Node, computeCoverage)', nodeBig, nodeSmall),
    `  per run: ${nodeBig.all.map((x) => x.toFixed(1)).join(', ')} ms`,
  ];
}

interface Timing {
  ms: number;
  readMs?: number;
  rawReadMs?: number;
  cells: number;
  counted: number;
}

interface Bench {
  ProofTrailCoverageBench: typeof import('./coverage-page-entry');
}

/** computeCoverage over every framework with schedules and an audit period, as frameworkCoverage does. */
function inNode(f: CoverageFixture): { ms: number; cells: number; counted: number } {
  const t0 = performance.now();
  const captures: CoverageCapture[] = f.records.map(captureKeyOf);
  const byFramework = new Map<string, ControlSchedule[]>();
  for (const s of f.schedules) byFramework.set(s.framework, [...(byFramework.get(s.framework) ?? []), s]);
  let cells = 0;
  let counted = 0;
  for (const [framework, schedules] of byFramework) {
    const p = f.periods.find((x) => x.framework === framework);
    if (!p) continue;
    const c = computeCoverage({ asOf: AS_OF, period: toAuditPeriod(p), schedules, captures });
    for (const k of c.controls) {
      cells += k.periods.length;
      for (const q of k.periods) counted += q.captureIds.length;
    }
  }
  return { ms: performance.now() - t0, cells, counted };
}

/** Runs each function once to warm up, then `runs` rounds of all in turn; the warm-up run first. */
function interleave<T>(runs: number, fns: (() => T)[]): T[][] {
  const out = fns.map((fn) => [fn()]);
  for (let i = 0; i < runs; i++) for (const [j, fn] of fns.entries()) out[j]!.push(fn());
  return out;
}

/** A warm-up run, then `runs` more; the warm-up run first. */
async function timed<T>(runs: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [await fn()];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return out;
}

/** The median of the timed runs (the warm-up left out, reported apart). */
function summarise([warm, ...xs]: Timing[]): Figures {
  const all = xs.map((x) => x.ms);
  const reads = xs.flatMap((x) => (x.readMs === undefined ? [] : [x.readMs]));
  const raw = xs.flatMap((x) => (x.rawReadMs === undefined ? [] : [x.rawReadMs]));
  return {
    ms: median(all),
    first: warm!.ms,
    all,
    ...(reads.length ? { readMs: median(reads) } : {}),
    ...(raw.length ? { rawReadMs: median(raw) } : {}),
    cells: warm!.cells,
    counted: warm!.counted,
  };
}

/** The page entry and the library code it uses (Dexie, the repos, computeCoverage), as one IIFE. */
function pageScript(): Promise<string> {
  return bundlePageScript(join(here, 'coverage-page-entry.ts'), 'ProofTrailCoverageBench');
}

async function close(b: LaunchedBrowser): Promise<void> {
  await b.close();
  rmSync(b.userDataDir, { recursive: true, force: true });
}

export { CAPTURES, CONTROLS, SMALL_CAPTURES };
