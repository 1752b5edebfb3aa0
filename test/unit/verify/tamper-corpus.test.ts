import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveCapture } from '../../../lib/db/captures-repo';
import type { LedgerRecord } from '../../../lib/formats/ledger-entry';
import type { BundleManifest } from '../../../lib/formats/manifest';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { captureDraft } from '../../../lib/ledger/drafts';
import { roleOfPath } from '../../../lib/verify/file-roles';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb, PNG_1X1_BASE64 } from '../helpers';

type Files = Record<string, Uint8Array>;
const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A bundle of three captures (one deleted) with its signed ledger, from a fresh device key. */
async function makeBundle(note: string): Promise<Files> {
  const db = freshDb();
  const records = [];
  for (const [i, n] of ['first', 'second', 'third'].entries()) {
    const r = await sampleRecord(png, { note: `${note} ${n}`, capturedAt: `2026-11-28T1${i}:00:00.000Z` });
    await commitWithLedger(db, captureDraft(r, r.capturer), [db.captures, db.images, db.pageContext], () =>
      saveCapture(db, r, new Blob([png], { type: 'image/png' })),
    );
    records.push(r);
  }
  await deleteCaptureWithLedger(db, records[2]!.id, 'captured twice', {
    name: 'Dana',
    email: 'dana@example.com',
  });
  const out = await exportToBytes(db);
  return unzipSync(out.bytes);
}

let good: Files;
let other: Files;
beforeAll(async () => {
  good = await makeBundle('main');
  other = await makeBundle('other');
});

const clone = (f: Files): Files => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.slice()]));
const ledgerOf = (f: Files): LedgerRecord[] =>
  dec(f['ledger.jsonl']!)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const setLedger = (f: Files, records: LedgerRecord[]) => {
  f['ledger.jsonl'] = strToU8(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
};
const metaPaths = (f: Files) =>
  Object.keys(f).filter((p) => p.endsWith('.json') && p.startsWith('controls/A.5.18/'));

/** Re-lists every file in the manifest, as a forger who edits files would. */
async function fixManifest(f: Files): Promise<void> {
  const m = JSON.parse(dec(f['manifest.json']!)) as BundleManifest;
  const roleOf = new Map(m.files.map((x) => [x.path, x.role]));
  m.files = await Promise.all(
    Object.keys(f)
      .filter((p) => p !== 'manifest.json')
      .map(async (p) => ({
        path: p,
        sha256: await sha256Hex(f[p]! as BufferSource),
        size: f[p]!.byteLength,
        role: roleOf.get(p) ?? roleOfPath(p) ?? 'image',
      })),
  );
  m.captureCount = new Set(metaPaths(f).map((p) => JSON.parse(dec(f[p]!)).id)).size;
  f['manifest.json'] = strToU8(JSON.stringify(m));
}

const verify = async (f: Files) => verifyBundle(readZip(zipSync(f, { level: 0 })));

describe('tamper corpus: every manipulation is detected and named', () => {
  it('passes the untouched bundle with no warning', async () => {
    const r = await verify(good);
    expect(r.problems).toEqual([]);
    expect(r.summary).toMatchObject({ captures: 2, ledgerEntries: 4 });
  });

  it.each<[string, (f: Files) => void | Promise<void>, boolean, RegExp]>([
    [
      'image byte flipped',
      (f) => {
        const p = Object.keys(f).find((k) => k.endsWith('.png'))!;
        f[p]![30] = f[p]![30]! ^ 0xff;
      },
      false,
      /\.png: SHA-256/,
    ],
    [
      'metadata field edited (manifest re-listed)',
      (f) => {
        const p = metaPaths(f)[0]!;
        f[p] = strToU8(dec(f[p]!).replace('"Review"', '"Reviewed"'));
      },
      true,
      /metadata was edited/,
    ],
    [
      'note edited and metadata hash recomputed',
      async (f) => {
        const p = metaPaths(f)[0]!;
        const m = JSON.parse(dec(f[p]!));
        m.note = 'nothing to see';
        const { canonicalSha256 } = await import('../../../lib/integrity/canonical');
        const { metadataSha256: _, ...rest } = m;
        m.metadataSha256 = await canonicalSha256(rest);
        f[p] = strToU8(JSON.stringify(m));
      },
      true,
      /differs from its ledger entry/,
    ],
    [
      'time field edited in a ledger entry',
      (f) => {
        const l = ledgerOf(f);
        l[0]!.entry.at = '2020-01-01T00:00:00.000Z';
        setLedger(f, l);
      },
      true,
      /entry 1 was edited/,
    ],
    [
      'entry removed',
      (f) => {
        const l = ledgerOf(f);
        l.splice(1, 1);
        setLedger(f, l);
      },
      true,
      /holds entry 3, expected 2|does not follow/,
    ],
    [
      'entries reordered',
      (f) => {
        const l = ledgerOf(f);
        [l[0], l[1]] = [l[1]!, l[0]!];
        setLedger(f, l);
      },
      true,
      /holds entry 2, expected 1/,
    ],
    [
      'entry spliced in from another bundle',
      (f) => {
        const l = ledgerOf(f);
        l[1] = ledgerOf(other)[1]!;
        setLedger(f, l);
      },
      true,
      /does not follow|signature does not verify|names key/,
    ],
    [
      'signature swapped between entries',
      (f) => {
        const l = ledgerOf(f);
        [l[0]!.signature, l[1]!.signature] = [l[1]!.signature, l[0]!.signature];
        setLedger(f, l);
      },
      true,
      /signature does not verify/,
    ],
    [
      'public key swapped',
      (f) => {
        f['public-key.json'] = other['public-key.json']!.slice();
      },
      true,
      /signature does not verify|names key/,
    ],
    [
      'fingerprint edited to match a forged key',
      (f) => {
        const k = JSON.parse(dec(f['public-key.json']!));
        k.fingerprint = 'AAAA';
        f['public-key.json'] = strToU8(JSON.stringify(k));
      },
      true,
      /fingerprint does not match/,
    ],
    [
      'file added',
      (f) => {
        f['controls/A.5.18/extra.png'] = png.slice();
      },
      false,
      /not listed in the manifest/,
    ],
    [
      'capture removed (manifest re-listed)',
      (f) => {
        for (const p of Object.keys(f)
          .filter((k) => k.startsWith('controls/A.5.18/'))
          .slice(0, 2))
          delete f[p];
      },
      true,
      /is missing from the bundle \(removed\?\)/,
    ],
    [
      'capture added from another bundle',
      (f) => {
        for (const p of Object.keys(other)
          .filter((k) => k.startsWith('controls/A.5.18/'))
          .slice(0, 2))
          f[p] = other[p]!.slice();
      },
      true,
      /has no ledger entry/,
    ],
    [
      'deletion record removed',
      (f) => {
        f['deletions.json'] = strToU8('[]');
      },
      true,
      /deletion of capture .* is not listed/,
    ],
    [
      'exact entry bytes altered',
      (f) => {
        f['ledger/000001.json'] = strToU8(dec(f['ledger/000001.json']!).replace('A.5.18', 'A.5.19'));
      },
      true,
      /ledger\/000001\.json|differs from entry 1/,
    ],
  ])('detects: %s', async (_, tamper, relist, message) => {
    const f = clone(good);
    await tamper(f);
    if (relist) await fixManifest(f);
    const r = await verify(f);
    expect(r.ok).toBe(false);
    const text = r.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(text).toMatch(message);
  });
});
