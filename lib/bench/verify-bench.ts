import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Zip, ZipPassThrough } from 'fflate';
import { nodeSha256, openFileSource } from '../cli/file-source';
import { openZipArchive } from '../zip/open-zip-archive';

/** The bundle verified: ENTRIES stored entries of random (incompressible) bytes, about 1 GB. */
export const ENTRIES = 250;
export const ENTRY_BYTES = 4 << 20;
/** Timed runs of each side, interleaved after one warm-up of each; medians are reported. */
export const RUNS = 3;
/** Goals from the issue: at least 0.8× openssl's speed, and a peak RSS of at most 300 MB. */
export const SPEED_GOAL = 0.8;
export const RSS_GOAL_MB = 300;

const CHILD_FLAG = '--verify-bench-child';
const THIS_FILE = fileURLToPath(import.meta.url);
/**
 * Loaded with --import into the measured Node process: on exit it writes the process's own peak
 * RSS (kB) to the file named by PROOFTRAIL_BENCH_RSS, so any Node command can be measured.
 */
const RSS_REPORTER =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(process.env.PROOFTRAIL_BENCH_RSS,String(process.resourceUsage().maxRSS)))';

const MB = 1e6;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const progress = (text: string) => process.stderr.write(`verify bench: ${text}\n`);

/** What the bench runs; sizes default to the constants above (smaller ones are for trying it out). */
export interface VerifyBenchOptions {
  entries?: number;
  entryBytes?: number;
  runs?: number;
  /**
   * Node arguments that verify the ZIP at `zipPath` (the measured process); called with '' for a
   * run that only starts up, to measure start-up alone. Default: this file's child mode (file
   * source + openZipArchive + digest() of every entry). For the CLI verifier:
   * `(zip) => ['lib/cli/bin.mjs', ...(zip ? ['verify', zip] : ['--help'])]`.
   */
  verifier?: (zipPath: string) => string[];
}

/**
 * The verify bench: writes a ZIP of `entries` × `entryBytes` random stored entries (as the
 * exporter writes them: streamed, with data descriptors) to a temp folder, then times, in the same
 * run and interleaved, `openssl dgst -sha256` over the file against a Node process that verifies
 * it (wall time of each process, startup included), and reports that process's peak RSS. Returns
 * the lines to print; no figure is asserted. The temp folder is removed.
 */
export async function runVerifyBench(options: VerifyBenchOptions = {}): Promise<string[]> {
  const entries = options.entries ?? ENTRIES;
  const entryBytes = options.entryBytes ?? ENTRY_BYTES;
  const runs = options.runs ?? RUNS;
  const verifier =
    options.verifier ?? ((zip: string) => ['--import', 'tsx', THIS_FILE, CHILD_FLAG, ...(zip ? [zip] : [])]);
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-verify-bench-'));
  try {
    const zipPath = join(dir, 'bundle.zip');
    progress(`writing ${entries} × ${entryBytes} random bytes to ${zipPath}`);
    const size = writeRandomZip(zipPath, entries, entryBytes);
    const openssl: number[] = [];
    const node: { ms: number; rssKb: number }[] = [];
    const idle: { ms: number; rssKb: number }[] = [];
    const rssFile = join(dir, 'rss.txt');
    for (let i = 0; i <= runs; i++) {
      const o = timeOpenssl(zipPath);
      const n = timeNode(verifier(zipPath), rssFile);
      // The same process started with nothing to verify: its start-up time and memory.
      const s = timeNode(verifier(''), rssFile);
      // The first round warms the page cache and tsx's compile cache; it is not counted.
      if (i > 0) {
        openssl.push(o);
        node.push(n);
        idle.push(s);
        progress(
          `run ${i}: openssl ${o.toFixed(0)} ms, verifier ${n.ms.toFixed(0)} ms (${(n.rssKb / 1000).toFixed(0)} MB), start-up ${s.ms.toFixed(0)} ms`,
        );
      }
    }
    const opensslMs = median(openssl);
    const nodeMs = median(node.map((n) => n.ms));
    const startMs = median(idle.map((n) => n.ms));
    const startMb = Math.max(...idle.map((n) => n.rssKb)) / 1000;
    const peakMb = Math.max(...node.map((n) => n.rssKb)) / 1000;
    const ratio = opensslMs / nodeMs;
    const speed = (ms: number) => `${(size / MB / (ms / 1000)).toFixed(0)} MB/s`;
    return [
      `bundle: ${entries} stored entries × ${(entryBytes / MB).toFixed(1)} MB = ${(size / MB).toFixed(0)} MB`,
      `openssl dgst -sha256: ${opensslMs.toFixed(0)} ms (${speed(opensslMs)}), median of ${runs}`,
      `verifier: ${nodeMs.toFixed(0)} ms (${speed(nodeMs)}), median of ${runs}, start-up included (start-up alone: ${startMs.toFixed(0)} ms)`,
      `speed ratio ${ratio.toFixed(2)}× openssl (goal ≥ ${SPEED_GOAL}): ${ratio >= SPEED_GOAL ? 'met' : 'NOT met'}; without start-up ${(opensslMs / (nodeMs - startMs)).toFixed(2)}×`,
      `verifier peak RSS ${peakMb.toFixed(0)} MB (goal ≤ ${RSS_GOAL_MB}; start-up alone ${startMb.toFixed(0)} MB): ${peakMb <= RSS_GOAL_MB ? 'met' : 'NOT met'}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the ZIP with fflate's streaming Zip, one entry in memory at a time; returns its size. */
function writeRandomZip(path: string, entries: number, entryBytes: number): number {
  const fd = openSync(path, 'w');
  let size = 0;
  try {
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      size += writeSync(fd, chunk);
    });
    const data = new Uint8Array(entryBytes);
    for (let i = 0; i < entries; i++) {
      randomFillSync(data);
      const entry = new ZipPassThrough(`controls/A.8.15/capture-${String(i).padStart(4, '0')}.png`);
      zip.add(entry);
      entry.push(data, true);
    }
    zip.end();
  } finally {
    closeSync(fd);
  }
  return size;
}

/** Wall time of `openssl dgst -sha256 FILE`. */
function timeOpenssl(path: string): number {
  const t0 = performance.now();
  const r = spawnSync('openssl', ['dgst', '-sha256', path], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`openssl dgst failed: ${r.error?.message ?? r.stderr}`);
  return ms;
}

/** Wall time of a Node process, and its peak RSS (kB) as it reported it on exit. */
function timeNode(args: string[], rssFile: string): { ms: number; rssKb: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_REPORTER, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PROOFTRAIL_BENCH_RSS: rssFile },
    maxBuffer: 64 * MB,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`the verifier failed (exit ${r.status}): ${r.error?.message ?? r.stderr}`);
  return { ms, rssKb: Number(readFileSync(rssFile, 'utf8')) };
}

/** Child mode: digest every entry of the ZIP as a verifier would (no ZIP given: start and exit). */
async function child(zipPath: string | undefined): Promise<void> {
  if (!zipPath) return;
  const source = await openFileSource(zipPath);
  try {
    const archive = await openZipArchive(source, { hasher: nodeSha256 });
    let bytes = 0;
    for (const name of archive.names) bytes += (await archive.digest(name, archive.size(name)!)).size;
    process.stdout.write(`${JSON.stringify({ entries: archive.names.length, bytes })}\n`);
  } finally {
    await source.close();
  }
}

if (
  process.argv[2] === CHILD_FLAG &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
)
  await child(process.argv[3]);
