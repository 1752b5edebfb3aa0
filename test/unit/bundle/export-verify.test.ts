import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureTables, saveCapture } from '../../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../../lib/db/database';
import { type BundleManifest, manifestSchemaV9 } from '../../../lib/formats/manifest';
import { canonicalJson } from '../../../lib/integrity/canonical';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { captureDraft } from '../../../lib/ledger/drafts';
import { BundleReadError, readZip } from '../../../lib/verify/read-zip';
import { formatReport } from '../../../lib/verify/report';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb, PNG_1X1_BASE64 } from '../helpers';

const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
let db: ProofTrailDb;
let bundle: Uint8Array;

beforeAll(async () => {
  db = freshDb();
  const a = await sampleRecord(png, {
    controlIds: ['A.5.18', 'CC6.3'],
    controls: [
      { id: 'A.5.18', title: 't', framework: 'ISO/IEC 27001:2022' },
      { id: 'CC6.3', title: 't', framework: 'SOC 2 (TSC 2017)' },
    ],
  });
  const pageText = new TextEncoder().encode('Users\nDana Reyes [redacted]');
  const b = await sampleRecord(png, {
    capturedAt: '2026-11-28T11:00:00.000Z',
    pageText: { byteLength: pageText.byteLength, sha256: await sha256Hex(pageText) },
  });
  const gone = await sampleRecord(png, { capturedAt: '2026-11-28T12:00:00.000Z' });
  for (const r of [a, b, gone])
    await commitWithLedger(
      db,
      captureDraft(r, r.capturer),
      captureTables(db),
      () =>
        saveCapture(
          db,
          r,
          new Blob([png], { type: 'image/png' }),
          r === b ? { text: new Blob([pageText]) } : undefined,
        ),
      () => new Date(r.capturedAt),
    );
  await deleteCaptureWithLedger(db, gone.id, 'duplicate', { name: 'Dana', email: 'dana@example.com' });
  const out = await exportToBytes(db, { now: new Date('2026-11-28T13:00:00.000Z') });
  bundle = out.bytes;
});

const files = () => unzipSync(bundle);
const rezip = (entries: Record<string, Uint8Array>) => zipSync(entries, { level: 0 });
const manifestOf = (entries: Record<string, Uint8Array>): BundleManifest =>
  JSON.parse(new TextDecoder().decode(entries['manifest.json']));
const verifyBytes = async (bytes: Uint8Array) => verifyBundle(await readZip(bytes));

describe('exportBundle', () => {
  it('writes a folder per control with PNG and metadata, deletions, and a manifest of every file', async () => {
    const entries = files();
    const manifest = manifestSchemaV9.parse(manifestOf(entries));
    expect(manifest).toMatchObject({
      format: 'prooftrail-bundle',
      formatVersion: 9,
      captureCount: 2,
      deletionCount: 1,
      scope: { kind: 'selection' },
      exportedAt: '2026-11-28T13:00:00.000Z',
    });
    const paths = Object.keys(entries).sort();
    expect(paths.filter((p) => p.startsWith('controls/A.5.18/'))).toHaveLength(5); // 2 PNG, 2 JSON, 1 page text
    expect(paths.filter((p) => p.startsWith('controls/CC6.3/'))).toHaveLength(2);
    for (const p of [
      'index.html',
      'evidence.csv',
      'oscal/assessment-results.json',
      'schemas/manifest.schema.json',
    ])
      expect(paths).toContain(p);
    expect(paths).toContain('deletions.json');
    // Everything is listed but what the export entry (entry 5) signs itself: the manifest, the
    // exporter's ledger.jsonl and the export entry's own bytes.
    const signedByExport = ['manifest.json', 'ledger.jsonl', 'ledger/000005.json'];
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      paths.filter((p) => !signedByExport.includes(p)),
    );
    for (const p of signedByExport) expect(paths).toContain(p);
    for (const f of manifest.files) {
      expect(f.sha256).toBe(await sha256Hex(entries[f.path]!));
      expect(f.size).toBe(entries[f.path]!.byteLength);
    }
  });

  it('exports one control only', async () => {
    const out = await exportToBytes(db, { scope: { kind: 'selection', controlIds: ['CC6.3'] } });
    const entries = unzipSync(out.bytes);
    expect(
      Object.keys(entries)
        .filter((p) => p.startsWith('controls/'))
        .every((p) => p.startsWith('controls/CC6.3/')),
    ).toBe(true);
    expect(out.fileName).toMatch(/^prooftrail-CC6\.3-.*\.zip$/);
    expect((await verifyBytes(out.bytes)).problems).toEqual([]);
    await expect(exportToBytes(db, { scope: { kind: 'selection', controlIds: ['A.8.1'] } })).rejects.toThrow(
      /No evidence matches/,
    );
  });
});

describe('verifyBundle', () => {
  it('passes an untouched bundle with no problems', async () => {
    const report = await verifyBytes(bundle);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({ captures: 2, deletions: 1, formatVersion: 9 });
    expect(report.summary.signers?.[0]).toMatchObject({ folder: '', entries: 5 });
    expect(report.bundle?.exportEntry.entry).toMatchObject({ seq: 5, type: 'export' });
  });

  const firstPng = (e: Record<string, Uint8Array>) => Object.keys(e).find((p) => p.endsWith('.png'))!;
  const firstJson = (e: Record<string, Uint8Array>) =>
    Object.keys(e).find((p) => p.endsWith('.json') && p.includes('/'))!;

  it.each<[string, (e: Record<string, Uint8Array>) => string, RegExp]>([
    [
      'an image byte flipped',
      (e) => {
        const p = firstPng(e);
        e[p] = e[p]!.slice();
        e[p]![40] = e[p]![40]! ^ 0xff;
        return p;
      },
      /SHA-256 .* manifest says/,
    ],
    [
      'a file removed',
      (e) => {
        const p = firstPng(e);
        delete e[p];
        return p;
      },
      /missing from the bundle/,
    ],
    [
      'a file added',
      (e) => {
        e['controls/A.5.18/extra.png'] = png;
        return 'controls/A.5.18/extra.png';
      },
      /not listed in the manifest/,
    ],
    [
      'metadata edited and the manifest fixed to match',
      (e) => {
        const p = firstJson(e);
        const meta = JSON.parse(new TextDecoder().decode(e[p]));
        meta.note = 'edited later';
        e[p] = strToU8(canonicalJson(meta));
        return p;
      },
      /metadata was edited/,
    ],
    [
      'an image swapped along with its manifest entry',
      (e) => {
        const p = firstPng(e);
        e[p] = strToU8('not the image');
        return p;
      },
      /image SHA-256 .* capture record says/,
    ],
    [
      'page text edited along with its manifest entry',
      (e) => {
        const p = Object.keys(e).find((k) => k.endsWith('.txt'))!;
        e[p] = strToU8('Users\nDana Reyes dana@example.com');
        return p;
      },
      /page text SHA-256 .* capture record says/,
    ],
    [
      'page text removed',
      (e) => {
        const p = Object.keys(e).find((k) => k.endsWith('.txt'))!;
        delete e[p];
        return p;
      },
      /missing/,
    ],
  ])('detects %s, naming the file', async (_, tamper, message) => {
    const entries = files();
    const path = tamper(entries);
    if (_.includes('manifest')) {
      const m = manifestOf(entries);
      for (const f of m.files)
        if (entries[f.path])
          Object.assign(f, { sha256: await sha256Hex(entries[f.path]!), size: entries[f.path]!.byteLength });
      entries['manifest.json'] = strToU8(canonicalJson(m));
    }
    const report = await verifyBytes(rezip(entries));
    expect(report.ok).toBe(false);
    expect(report.problems.find((p) => p.path === path)?.message).toMatch(message);
    if (_.includes('manifest'))
      expect(report.problems).toContainEqual({
        path: 'manifest.json',
        message: expect.stringMatching(/export entry 5 signed .* \(manifest edited after export\)/),
      });
  });

  it('rejects a manifest of an unknown version or shape', async () => {
    const entries = files();
    entries['manifest.json'] = strToU8(JSON.stringify({ ...manifestOf(entries), formatVersion: 99 }));
    expect((await verifyBytes(rezip(entries))).problems[0]?.message).toMatch(
      /format 99 is not one this verifier reads/,
    );
    entries['manifest.json'] = strToU8('{');
    expect((await verifyBytes(rezip(entries))).problems[0]?.message).toMatch(/not valid JSON/);
    delete entries['manifest.json'];
    expect((await verifyBytes(rezip(entries))).problems[0]).toMatchObject({
      path: 'manifest.json',
      message: expect.stringMatching(/missing/),
    });
  });

  it.each([
    ['a text file', strToU8('hello, this is not a zip at all')],
    ['an empty file', new Uint8Array()],
    ['a truncated bundle', () => bundle.slice(0, bundle.length - 100)],
  ])('refuses %s as unreadable', async (_, input) => {
    const bytes = typeof input === 'function' ? input() : input;
    await expect(readZip(bytes)).rejects.toThrow(BundleReadError);
  });
});

describe('bundles from earlier versions', () => {
  const v1 = async () => {
    const { readFileSync } = await import('node:fs');
    return new Uint8Array(
      readFileSync(new URL('../../fixtures/bundles/v1-demo-bundle.zip', import.meta.url)),
    );
  };

  it('a version-1 bundle (ProofTrail 0.1.0) is refused: nothing signs its export', async () => {
    const report = await verifyBytes(await v1());
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { path: 'manifest.json', message: expect.stringMatching(/^format 1 is not signed/) },
    ]);
  });

  it('with allowUnsigned a version-1 bundle is checked for its hashes and reported UNSIGNED', async () => {
    const report = await verifyBundle(await readZip(await v1()), { allowUnsigned: true });
    expect(report.problems).toEqual([]);
    expect(report.summary).toMatchObject({ formatVersion: 1, captures: 2, unsigned: true });
    expect(formatReport(report, 'v1.zip')[0]).toMatch(/^OK v1\.zip: UNSIGNED: /);
    expect(report.bundle).toBeUndefined();
  });

  it.each([
    [
      'pinned signers',
      { pinnedSigners: ['Bhii8Ag9RWnWqFEXDwQ0L9nJ9ZpAux79Jl35q87k5Pg'] },
      /no signer to match/,
    ],
    ['required timestamps', { requireTimestamps: true }, /nothing in it can carry the timestamps/],
  ])(
    'with allowUnsigned, a version-1 bundle still fails when the auditor asks for %s',
    async (_, asked, message) => {
      const report = await verifyBundle(await readZip(await v1()), { allowUnsigned: true, ...asked });
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({
        path: 'manifest.json',
        message: expect.stringMatching(message),
      });
    },
  );
});
