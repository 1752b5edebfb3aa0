import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { planExport, resolveScope, type ScopeChoice } from '../../../lib/bundle/plan-export';
import type { ProofTrailDb } from '../../../lib/db/database';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';
import type { BundleManifest } from '../../../lib/formats/manifest';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });
const soc = (id: string) => ({ id, title: `SOC ${id}`, framework: 'SOC 2 (TSC 2017)' });
const dana = { name: 'Dana', email: 'dana@example.com' };
const lee = { name: 'Lee', email: 'Lee@Example.com' };

let db: ProofTrailDb;
const c: Record<string, CaptureMetadata> = {};

beforeAll(async () => {
  db = freshDb();
  const add = async (name: string, controls: ReturnType<typeof iso>[], capturedAt: string, capturer = dana) =>
    (c[name] = await storeCapture(db, {
      controlIds: controls.map((x) => x.id),
      controls,
      capturedAt,
      capturer,
      pageTitle: `${name} review`,
      pageUrl: `https://console.example/${name}-page?view=${name}-view`,
      note: `${name}-note: looked at every row`,
    }));
  await add('jan', [iso('A.5.18')], '2026-01-15T09:00:00.000Z');
  await add('feb', [iso('A.5.18'), soc('CC6.1')], '2026-02-10T09:00:00.000Z', lee);
  await add('mar', [iso('A.8.2')], '2026-03-31T23:59:59.999Z');
  await add('apr', [soc('CC6.1')], '2026-04-01T00:00:00.000Z', lee);
  await add('gone', [iso('A.8.2')], '2026-03-02T00:00:00.000Z');
  await deleteCaptureWithLedger(db, c.gone!.id, 'wrong page', dana);
});

async function exportOf(choice: ScopeChoice) {
  const scope = await resolveScope(db, choice);
  const out = await exportToBytes(db, { scope });
  const files = unzipSync(out.bytes);
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
  const report = await verifyBundle(await readZip(out.bytes));
  const ids = new Set(manifest.files.filter((f) => f.role === 'metadata').map((f) => f.captureId));
  const folders = new Set(
    Object.keys(files)
      .filter((p) => p.startsWith('controls/'))
      .map((p) => p.split('/')[1]),
  );
  return { files, manifest, report, ids, folders };
}

const names = (ids: Set<string | undefined>) =>
  Object.entries(c)
    .filter(([, r]) => ids.has(r.id))
    .map(([n]) => n)
    .sort();

describe('export scopes', () => {
  it.each<[string, ScopeChoice, string[], string[]]>([
    ['everything', {}, ['apr', 'feb', 'jan', 'mar'], ['A.5.18', 'A.8.2', 'CC6.1']],
    ['one control', { controlIds: ['A.5.18'] }, ['feb', 'jan'], ['A.5.18']],
    ['several controls', { controlIds: ['A.8.2', 'CC6.1'] }, ['apr', 'feb', 'mar'], ['A.8.2', 'CC6.1']],
    ['a whole framework', { frameworks: ['SOC 2 (TSC 2017)'] }, ['apr', 'feb'], ['CC6.1']],
    [
      'an audit period (inclusive UTC days)',
      { from: '2026-02-01', to: '2026-03-31' },
      ['feb', 'mar'],
      ['A.5.18', 'A.8.2', 'CC6.1'],
    ],
    [
      'a capturer (case-insensitive)',
      { capturers: ['lee@example.com'] },
      ['apr', 'feb'],
      ['A.5.18', 'CC6.1'],
    ],
    [
      'a mix: framework + control, period, capturer',
      {
        frameworks: ['ISO/IEC 27001:2022'],
        controlIds: ['CC6.1'],
        from: '2026-02-01',
        to: '2026-04-30',
        capturers: ['lee@example.com'],
      },
      ['apr', 'feb'],
      ['A.5.18', 'CC6.1'],
    ],
  ])('%s exports exactly its captures, and verifies', async (_, choice, expected, folders) => {
    const out = await exportOf(choice);
    expect(out.report.problems).toEqual([]);
    expect(out.report.ok).toBe(true);
    expect(names(out.ids)).toEqual(expected);
    expect([...out.folders].sort()).toEqual(folders);
    expect(out.manifest.captureCount).toBe(expected.length);
  });

  it('files a capture only under the controls in scope', async () => {
    const out = await exportOf({ controlIds: ['CC6.1'] });
    expect(Object.keys(out.files).filter((p) => p.includes('feb-review'))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^controls\/CC6\.1\/2026-02-10T09-00-00Z_feb-review\.png$/),
      ]),
    );
    expect(Object.keys(out.files).some((p) => p.startsWith('controls/A.5.18/'))).toBe(false);
  });

  it('lists the deletions in scope only', async () => {
    expect((await exportOf({ controlIds: ['A.8.2'] })).files['deletions.json']).toBeDefined();
    expect((await exportOf({ controlIds: ['A.5.18'] })).files['deletions.json']).toBeUndefined();
  });

  it('refuses a scope with no evidence, or dates the wrong way round, before writing', async () => {
    await expect(
      exportToBytes(db, { scope: await resolveScope(db, { controlIds: ['A.9.9'] }) }),
    ).rejects.toThrow(/No evidence matches this scope \(Control A\.9\.9\)/);
    await expect(
      exportToBytes(db, {
        scope: { kind: 'selection', from: '2026-05-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
      }),
    ).rejects.toThrow(/start date is after the end date/);
  });

  it('says nothing of captures outside a controls scope beyond their existence, time and hashes', async () => {
    const out = await exportOf({ controlIds: ['A.5.18'] });
    expect(out.report.problems).toEqual([]);
    // mar, apr (other controls) and the tombstone of gone are left out, each a version-2 entry.
    expect(out.report.notes).toContainEqual({
      path: 'ledger.jsonl',
      message: expect.stringMatching(
        /^3 capture or deletion entries within the scope's period .* signed export says none is filed under the scope's controls$/,
      ),
    });
    const secrets = ['A.8.2', 'wrong page'];
    for (const name of ['mar', 'apr', 'gone'])
      secrets.push(`${name}-page`, `${name}-view`, `${name}-note`, `${name} review`);
    for (const [path, bytes] of Object.entries(out.files)) {
      const text = new TextDecoder().decode(bytes);
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${path}`).toBe(false);
    }
    // What is in scope is all there, its controls and page included.
    const inScope = Object.values(out.files)
      .map((b) => new TextDecoder().decode(b))
      .join('\n');
    for (const secret of ['jan-page', 'feb-view', 'jan-note', 'feb review'])
      expect(inScope).toContain(secret);
  });

  it('a verifier flags a capture left out of a scoped bundle', async () => {
    // A period scope: every entry in it must be accounted for, whatever its controls.
    const out = await exportToBytes(db, {
      scope: await resolveScope(db, { from: '2026-01-01', to: '2026-01-31' }),
    });
    const { zipSync } = await import('fflate');
    const files = unzipSync(out.bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
    const jan = manifest.files.filter((f) => f.captureId === c.jan!.id).map((f) => f.path);
    for (const p of jan) delete files[p];
    manifest.files = manifest.files.filter((f) => !jan.includes(f.path));
    manifest.captureCount -= 1;
    files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest));
    const report = await verifyBundle(await readZip(zipSync(files)));
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(
      new RegExp(`capture ${c.jan!.id} \\(entry \\d+\\) is missing from the bundle`),
    );
  });

  it('estimates the size before export, reading no image', async () => {
    const plan = await planExport(db, await resolveScope(db, {}));
    const out = await exportToBytes(db, { scope: await resolveScope(db, {}) });
    expect(plan.captures).toHaveLength(4);
    expect(plan.filings).toBe(5);
    expect(plan.estimatedBytes).toBeGreaterThan(out.bytes.byteLength / 4);
    expect(plan.estimatedBytes).toBeLessThan(out.bytes.byteLength * 4 + 1_000_000);
  });
});

describe('cancel', () => {
  it('stops at the next capture, aborts the sink and never closes it', async () => {
    const { exportBundle } = await import('../../../lib/bundle/export-bundle');
    const calls: string[] = [];
    const sink = {
      write: async () => void calls.push('write'),
      close: async () => void calls.push('close'),
      abort: async () => void calls.push('abort'),
    };
    const ctl = new AbortController();
    const run = exportBundle(db, {
      scope: { kind: 'selection' },
      sink,
      extensionVersion: '0',
      signal: ctl.signal,
      onProgress: (p) => {
        if (p.done === 1) ctl.abort(new DOMException('cancelled', 'AbortError'));
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(calls).toContain('abort');
    expect(calls).not.toContain('close');
  });
});
