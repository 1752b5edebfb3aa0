import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISO27001_2022 } from '../../lib/catalog/types';
import type { Identity } from '../../lib/db/types';
import { CHECKSUMS_BUNDLE_VERSION } from '../../lib/formats/schema-ids';
import { FileSink } from '../fixtures/file-sink';
import { exportTeamBundle, type GeneratedCapture } from '../fixtures/team-bundle';
import { MB, median, progressOf } from './stats';

/**
 * The bundle verified: a real signed bundle (the current format, one signer) of CAPTURES captures, each an
 * incompressible noise PNG of IMAGE pixels (≈11.6 MB), about 1 GB in all.
 */
export const CAPTURES = 88;
export const IMAGE = { width: 2200, height: 1750 } as const;
/** Timed runs of each side, interleaved after one warm-up of each; medians are reported. */
export const RUNS = 3;
/** Goals from the issue: at least 0.8× openssl's speed, and a peak RSS of at most 300 MB. */
export const SPEED_GOAL = 0.8;
export const RSS_GOAL_MB = 300;

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(PROJECT_ROOT, 'node/cli/bin.mjs');
const CAPTURER: Identity = { name: 'Bench Runner', email: 'bench@prooftrail.example' };
/**
 * Loaded with --import into each measured Node process: on exit it writes the process's own peak
 * RSS (kB) to the file named by PROOFTRAIL_BENCH_RSS. On Linux that is VmHWM from /proc/self/status,
 * not resourceUsage().maxRSS: a child's maxRSS starts at its parent's RSS when it was forked (the
 * kernel carries the old address space's peak across exec), so a bench process that has just made
 * a 1 GB bundle would see its own size reported for every child.
 */
const RSS_REPORTER = `data:text/javascript,${encodeURIComponent(
  'import{readFileSync,writeFileSync}from"node:fs";process.on("exit",()=>{let kb;try{kb=/VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))?.[1]}catch{}writeFileSync(process.env.PROOFTRAIL_BENCH_RSS,String(kb??process.resourceUsage().maxRSS))})',
)}`;
/**
 * Node's native SHA-256 over the whole file in 1 MB reads, nothing else: the floor for any Node
 * verifier on one thread (what is left once start-up and the verifier's own work are taken away).
 */
const HASH_ONLY = `import{openSync,readSync}from"node:fs";import{createHash}from"node:crypto";const fd=openSync(process.argv[1],"r"),b=Buffer.allocUnsafe(1<<20),h=createHash("sha256");for(let n;(n=readSync(fd,b,0,b.length,null))>0;)h.update(b.subarray(0,n));h.digest("hex")`;

const progress = progressOf('verify');

/** What the bench runs; sizes default to the constants above (smaller ones are for trying it out). */
export interface VerifyBenchOptions {
  captures?: number;
  image?: { width: number; height: number };
  runs?: number;
}

interface Timed {
  ms: number;
  rssKb: number;
  stdout: string;
}

/**
 * The verify bench. Makes a real signed bundle of about 1 GB with the project's own exporter
 * (node/fixtures/team-bundle.ts on fake-indexeddb, streamed to a file in a temp folder), checks that
 * `prooftrail verify BUNDLE --signer FINGERPRINT` accepts it (exit 0), then times, in the same run
 * and interleaved, after one warm-up round: `openssl dgst -sha256 BUNDLE`; the CLI verifier
 * (`node node/cli/bin.mjs verify BUNDLE --signer FINGERPRINT`, wall time of the process, start-up
 * included) with its peak RSS; the CLI's start-up alone (`node node/cli/bin.mjs --help`), and with
 * verify's modules loaded (`verify` of a missing file); and Node's native SHA-256 over the file
 * alone, on one thread like openssl. Returns the lines to print; no figure is asserted.
 * The temp folder is removed.
 */
export async function runVerifyBench(options: VerifyBenchOptions = {}): Promise<string[]> {
  const count = options.captures ?? CAPTURES;
  const image = options.image ?? IMAGE;
  const runs = options.runs ?? RUNS;
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-verify-bench-'));
  try {
    const bundle = join(dir, 'bundle.zip');
    progress(
      `exporting a signed bundle of ${count} captures (${image.width}×${image.height} noise PNGs) to ${bundle}`,
    );
    const t0 = performance.now();
    const sink = await FileSink.create(bundle);
    const { fingerprint } = await exportTeamBundle(
      { capturer: CAPTURER, captures: benchCaptures(count), image, fastNoise: true },
      sink,
    );
    const size = sink.bytes;
    const generateS = (performance.now() - t0) / 1000;
    progress(`${(size / MB).toFixed(0)} MB written in ${generateS.toFixed(0)} s; signer ${fingerprint}`);

    const rssFile = join(dir, 'rss.txt');
    const verify = () => timeNode([CLI, 'verify', bundle, '--signer', fingerprint], rssFile);
    const startUp = () => timeNode([CLI, '--help'], rssFile);
    // verify's own start-up: its modules loaded, then a file that is not there (exit 1).
    const verifyStartUp = () => timeNode([CLI, 'verify', join(dir, 'missing.zip')], rssFile, 1);
    const hashOnly = () => timeNode(['--input-type=module', '-e', HASH_ONLY, bundle], rssFile);
    // The check: the bundle must verify (this also reads it into the page cache).
    const check = verify();
    const [okLine = '', ...rest] = check.stdout.split('\n').filter((l) => l.trim());
    const warnings = rest.filter((l) => l.startsWith('WARN')).map((l) => l.replace(/^WARN /, ''));
    progress(`verifies: ${okLine}`);

    const openssl: number[] = [];
    const verifier: Timed[] = [];
    const idle: Timed[] = [];
    const verifyIdle: number[] = [];
    const hashed: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const o = timeOpenssl(bundle);
      const v = verify();
      const s = startUp();
      const sv = verifyStartUp().ms;
      const h = hashOnly().ms;
      // The first round warms the page cache and tsx's compile cache; it is not counted.
      if (i === 0) continue;
      openssl.push(o);
      verifier.push(v);
      idle.push(s);
      verifyIdle.push(sv);
      hashed.push(h);
      progress(
        `run ${i}: openssl ${o.toFixed(0)} ms, verifier ${v.ms.toFixed(0)} ms (${(v.rssKb / 1000).toFixed(0)} MB), start-up ${s.ms.toFixed(0)} ms (verify's ${sv.toFixed(0)} ms), Node SHA-256 alone ${h.toFixed(0)} ms`,
      );
    }
    const opensslMs = median(openssl);
    const verifyMs = median(verifier.map((n) => n.ms));
    const startMs = median(idle.map((n) => n.ms));
    const verifyStartMs = median(verifyIdle);
    const hashMs = median(hashed);
    const startMb = Math.max(...idle.map((n) => n.rssKb)) / 1000;
    const peakMb = Math.max(...verifier.map((n) => n.rssKb)) / 1000;
    const ratio = opensslMs / verifyMs;
    // openssl's time over the verifier's less a start-up (n/a when noise makes that not positive).
    const without = (startUp: number) =>
      verifyMs > startUp ? `${(opensslMs / (verifyMs - startUp)).toFixed(2)}×` : 'n/a';
    const speed = (ms: number) => `${(size / MB / (ms / 1000)).toFixed(0)} MB/s`;
    return [
      `bundle: real signed bundle (format ${CHECKSUMS_BUNDLE_VERSION}), ${count} captures of ${image.width}×${image.height} noise PNGs, ${(size / MB).toFixed(0)} MB, exported in ${generateS.toFixed(0)} s; ${okLine}${warnings.length ? `; warnings: ${warnings.join('; ')}` : ''}`,
      `openssl dgst -sha256: ${opensslMs.toFixed(0)} ms (${speed(opensslMs)}), median of ${runs}`,
      `prooftrail verify --signer: ${verifyMs.toFixed(0)} ms (${speed(verifyMs)}), median of ${runs}, start-up included`,
      `start-up alone: prooftrail --help ${startMs.toFixed(0)} ms; prooftrail verify of a missing file (verify's modules loaded, nothing read) ${verifyStartMs.toFixed(0)} ms; Node's SHA-256 alone over the file (node -e, one thread) ${hashMs.toFixed(0)} ms = ${(opensslMs / hashMs).toFixed(2)}× openssl`,
      `speed ratio ${ratio.toFixed(2)}× openssl (goal ≥ ${SPEED_GOAL}): ${ratio >= SPEED_GOAL ? 'met' : 'NOT met'}; without start-up (--help) ${without(startMs)}; without verify's start-up ${without(verifyStartMs)}`,
      `verifier peak RSS ${peakMb.toFixed(0)} MB (goal ≤ ${RSS_GOAL_MB}; start-up alone ${startMb.toFixed(0)} MB): ${peakMb <= RSS_GOAL_MB ? 'met' : 'NOT met'}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Captures an hour apart through 2026, each filed under one control (so each image is written once). */
function benchCaptures(count: number): GeneratedCapture[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => ({
    controls: [{ id: 'A.8.15', title: 'Logging', framework: ISO27001_2022 }],
    pageTitle: `Audit log export ${i + 1}`,
    pageUrl: `https://console.bench.prooftrail.example/audit-log/${i + 1}`,
    note: 'Generated by the verify bench.',
    capturedAt: new Date(start + i * 3_600_000).toISOString(),
  }));
}

/** Wall time of `openssl dgst -sha256 FILE`. */
function timeOpenssl(path: string): number {
  const t0 = performance.now();
  const r = spawnSync('openssl', ['dgst', '-sha256', path], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`openssl dgst failed: ${r.error?.message ?? r.stderr}`);
  return ms;
}

/** Wall time of a Node process that must exit with `exitCode`, its peak RSS (kB) as it reported on exit, and its stdout. */
function timeNode(args: string[], rssFile: string, exitCode = 0): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_REPORTER, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, PROOFTRAIL_BENCH_RSS: rssFile },
    maxBuffer: 64 * MB,
  });
  const ms = performance.now() - t0;
  if (r.status !== exitCode)
    throw new Error(
      `node ${args.slice(0, 2).join(' ')}… failed (exit ${r.status}): ${r.error?.message ?? `${r.stdout}${r.stderr}`}`,
    );
  return { ms, rssKb: Number(readFileSync(rssFile, 'utf8')), stdout: r.stdout };
}
