import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { type BundleArchive, BundleReadError } from '../../../lib/verify/archive';
import { formatReport } from '../../../lib/verify/report';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';
import { seededRandom as prng } from '../../../node/fixtures/seeded-random';
import { freshDb } from '../helpers';
import { capture, dana, exportOf } from './bench';

/**
 * 1,000 random single-byte changes of a real exported bundle (half anywhere, half in the ZIP's
 * headers, descriptors and central directory). Each must be refused (with lines a
 * person reads, one per problem, no stack trace), or leave every file of the bundle byte for byte
 * as exported (a ZIP timestamp, a header field the reader does not use). Never an exception
 * other than BundleReadError (which callers turn into one FAIL line), never OK over changed bytes.
 *
 * Reproduce a run with MUTATION_SEED=<seed printed below>; MUTATIONS=<n> changes the count.
 */

const SEED = Number(process.env.MUTATION_SEED ?? 0x5eed_2026) >>> 0;
const COUNT = Number(process.env.MUTATIONS ?? 1000);

/** A line break or other control character: a report line must stay one plain line. */
const controlIn = (line: string) =>
  [...line].some((c) => {
    const n = c.codePointAt(0)!;
    return n < 0x20 || n === 0x7f || n === 0x2028 || n === 0x2029;
  });

/**
 * Which part of the ZIP a byte belongs to, from the original's central directory, and the offsets
 * of every byte outside entry data (headers, descriptors, directory), where a reader's checks are.
 */
function zipRegions(zip: Uint8Array): { regionOf: (offset: number) => string; structure: number[] } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const cdOffset = view.getUint32(end + 16, true);
  const count = view.getUint16(end + 10, true);
  const spans: { from: number; to: number; what: string }[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const localData = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    spans.push({ from: local, to: localData, what: 'local header' });
    spans.push({ from: localData, to: localData + compressed, what: 'entry data' });
    at += 46 + nameLength + extra + comment;
  }
  spans.push({ from: cdOffset, to: end, what: 'central directory' });
  spans.push({ from: end, to: zip.length, what: 'end record' });
  const regionOf = (offset: number) =>
    spans.find((s) => offset >= s.from && offset < s.to)?.what ?? 'data descriptor';
  const structure: number[] = [];
  for (let i = 0; i < zip.length; i++) if (regionOf(i) !== 'entry data') structure.push(i);
  return { regionOf, structure };
}

/** Every file of an archive, by name. */
async function contents(archive: BundleArchive): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const name of archive.names) out.set(name, await archive.read(name, Number.MAX_SAFE_INTEGER));
  return out;
}

function sameFiles(a: ReadonlyMap<string, Uint8Array>, b: ReadonlyMap<string, Uint8Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, bytes] of a) {
    const other = b.get(name);
    if (!other || other.length !== bytes.length || other.some((x, i) => x !== bytes[i])) return false;
  }
  return true;
}

/** The files as a tool that extracts the ZIP (fflate) sees them; undefined when it cannot. */
function unzipped(zip: Uint8Array): Map<string, Uint8Array> | undefined {
  try {
    return new Map(Object.entries(unzipSync(zip)).filter(([name]) => !name.endsWith('/')));
  } catch {
    return undefined;
  }
}

/** How verify and import open a bundle held in memory. */
const readZip = (bytes: Uint8Array) => openZipArchive(bytesSource(bytes));

let original: Uint8Array;
let originalFiles: Map<string, Uint8Array>;
beforeAll(async () => {
  const db = freshDb();
  await capture(db, 'kept');
  await capture(db, 'filed twice', { controls: ['A.5.18', 'A.8.2'] });
  const gone = await capture(db, 'deleted');
  await deleteCaptureWithLedger(db, gone.id, 'captured twice', dana);
  original = await exportOf(db);
  originalFiles = unzipped(original)!;
}, 30_000);

describe('random single-byte mutations of a real bundle', () => {
  it('the untouched bundle verifies', async () => {
    const report = await verifyBundle(await readZip(original));
    expect(report.problems).toEqual([]);
    expect(sameFiles(await contents(await readZip(original)), originalFiles)).toBe(true);
  });

  it(`${COUNT} mutations: each refused in plain lines or leaves every file unchanged`, async () => {
    console.log(
      `mutation seed ${SEED} (0x${SEED.toString(16)}); bundle of ${original.length} bytes; ${COUNT} mutations`,
    );
    const random = prng(SEED);
    const { regionOf, structure } = zipRegions(original);
    const outcomes = new Map<string, number>();
    const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    const wrong: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      // Half anywhere (mostly file data), half in the ZIP's own records, where a reader can go wrong.
      const offset =
        random() < 0.5
          ? Math.floor(random() * original.length)
          : structure[Math.floor(random() * structure.length)]!;
      const value = original[offset]! ^ (1 + Math.floor(random() * 255));
      const bytes = original.slice();
      bytes[offset] = value;
      const where = `#${i} byte ${offset} (${regionOf(offset)}) 0x${original[offset]!.toString(16)} → 0x${value.toString(16)}`;
      let archive: BundleArchive;
      try {
        archive = await readZip(bytes);
      } catch (e) {
        if (e instanceof BundleReadError && !controlIn(e.message))
          count(`refused when opened (BundleReadError), ${regionOf(offset)}`);
        else wrong.push(`${where}: readZip threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        continue;
      }
      let lines: string[];
      let ok: boolean;
      try {
        const report = await verifyBundle(archive);
        ok = report.ok;
        lines = formatReport(report, 'mutated.zip');
        if (!ok && report.problems.length === 0) wrong.push(`${where}: not ok but no problem given`);
      } catch (e) {
        if (e instanceof BundleReadError && !controlIn(e.message)) {
          count(`refused while read (BundleReadError from verifyBundle), ${regionOf(offset)}`);
        } else
          wrong.push(
            `${where}: verifyBundle threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
          );
        continue;
      }
      for (const line of lines)
        if (controlIn(line) || /\n\s+at /.test(line) || line.includes('[object Object]'))
          wrong.push(`${where}: a report line is not one plain line: ${JSON.stringify(line)}`);
      if (!ok) {
        count(`refused with problems, ${regionOf(offset)}`);
        continue;
      }
      // Accepted: then nothing anyone reads out of the ZIP may differ from what was exported.
      const seen = await contents(archive);
      const extracted = unzipped(bytes);
      if (!sameFiles(seen, originalFiles))
        wrong.push(`${where}: OK, but the files the verifier read differ from the exported ones`);
      else if (extracted && !sameFiles(extracted, originalFiles))
        wrong.push(`${where}: OK, but unzipping gives files that differ from the exported ones`);
      else count(`accepted, every file unchanged, ${regionOf(offset)}`);
    }
    const table = [...outcomes].sort(([a], [b]) => a.localeCompare(b));
    console.log(
      [
        `outcomes of ${COUNT} mutations (seed ${SEED}):`,
        ...table.map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`),
      ].join('\n'),
    );
    expect(wrong, wrong.slice(0, 20).join('\n')).toEqual([]);
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(COUNT);
  }, 120_000);
});
