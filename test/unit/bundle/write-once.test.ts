import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';
import { parseControlIndex } from '../../../lib/formats/control-index';
import { manifestSchemaV9 } from '../../../lib/formats/manifest';
import { manifestJsonSchema } from '../../../lib/formats/manifest-json-schema';
import { importBundle } from '../../../lib/import/import-bundle';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { modelFromBundle } from '../../../lib/report/model-from-bundle';
import { readZip } from '../../../lib/verify/read-zip';
import { formatReport, type VerifyReport } from '../../../lib/verify/report';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';
import { Forged } from '../verify/forge';

/**
 * Format 8, the write-once layout: each capture's files once under captures/, each control folder
 * an index (captures.csv). Round trip (export → verify → reports → import), and the attacks the
 * verifier must refuse, each naming the file and what is wrong with it.
 */

const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });
const soc = (id: string) => ({ id, title: `SOC ${id}`, framework: 'SOC 2 (TSC 2017)' });
const alice = { name: 'Alice', email: 'alice@example.com' };
const carol = { name: 'Carol', email: 'carol@example.com' };

let db: ProofTrailDb;
let many: CaptureMetadata;
let one: CaptureMetadata;
let writeOnce: Uint8Array;
let perControl: Uint8Array;
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const verify = async (bytes: Uint8Array) => verifyBundle(await readZip(bytes));
const lines = (r: VerifyReport) => r.problems.map((p) => `${p.path}: ${p.message}`);

beforeAll(async () => {
  db = freshDb();
  many = await storeCapture(db, {
    controlIds: ['A.5.18', 'A.8.2', 'CC6.3'],
    controls: [iso('A.5.18'), iso('A.8.2'), soc('CC6.3')],
    capturedAt: '2026-03-01T10:00:00.000Z',
    capturer: alice,
    pageTitle: 'Okta access review',
    note: 'many',
  });
  one = await storeCapture(db, {
    controlIds: ['A.5.18'],
    controls: [iso('A.5.18')],
    capturedAt: '2026-03-02T10:00:00.000Z',
    capturer: alice,
    pageTitle: 'Okta users',
    note: 'one',
  });
  const gone = await storeCapture(db, {
    controlIds: ['A.8.2'],
    controls: [iso('A.8.2')],
    capturedAt: '2026-03-03T10:00:00.000Z',
    capturer: alice,
    note: 'gone',
  });
  await deleteCaptureWithLedger(db, gone.id, 'duplicate', alice);
  const now = new Date('2026-03-10T12:00:00.000Z');
  writeOnce = (await exportToBytes(db, { now, layout: 'write-once' })).bytes;
  perControl = (await exportToBytes(db, { now })).bytes;
});

describe('write-once export (format 8)', () => {
  it('writes each capture once under captures/ and an index per control, all listed in the manifest', async () => {
    const b = Forged.fromZip(writeOnce);
    const manifest = manifestSchemaV9.parse(b.manifest);
    expect(manifest).toMatchObject({ formatVersion: 9, layout: 'write-once', captureCount: 2 });
    const paths = [...b.files.keys()];
    const images = paths.filter((p) => p.endsWith('.png') && !p.includes('.thumb.'));
    expect(images).toHaveLength(2);
    expect(images.every((p) => /^captures\/[^/]+\.png$/.test(p))).toBe(true);
    expect(paths.filter((p) => p.startsWith('controls/')).sort()).toEqual([
      'controls/A.5.18/captures.csv',
      'controls/A.8.2/captures.csv',
      'controls/CC6.3/captures.csv',
    ]);
    for (const p of paths.filter((x) => x.startsWith('captures/')))
      expect(manifest.files.some((f) => f.path === p)).toBe(true);
    const index = parseControlIndex(b.text('controls/A.5.18/captures.csv'));
    if (!index.ok) throw new Error(index.problems.join('; '));
    expect(index.rows.map((r) => r.captureId)).toEqual([many.id, one.id]);
    expect(index.rows[0]!.image).toBe(b.recordOf('many').replace(/\.json$/, '.png'));
    expect(index.rows[0]!.imageSha256).toBe(many.image.sha256);
    const cc = parseControlIndex(b.text('controls/CC6.3/captures.csv'));
    expect(cc.ok && cc.rows.map((r) => r.captureId)).toEqual([many.id]);
    expect(b.json('schemas/manifest.schema.json')).toEqual(manifestJsonSchema(9));
    expect(b.text('README-AUDITOR.txt')).toMatch(/write-once layout[\s\S]*captures\.csv/);
  });

  it('verifies, and its reports point to the single copy', async () => {
    const report = await verify(writeOnce);
    expect(lines(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({
      formatVersion: 9,
      layout: 'write-once',
      captures: 2,
      deletions: 1,
    });
    const b = Forged.fromZip(writeOnce);
    const image = b.recordOf('many').replace(/\.json$/, '.png');
    const csv = b.text('evidence.csv');
    // One row per capture and control; the capture under three controls names the same file thrice.
    expect(csv.split(image).length - 1).toBe(3);
    expect(csv).not.toMatch(/controls\/[^,"]+\.png/);
    expect(b.text('index.html')).toContain(`href="${image}"`);
    expect(b.text('oscal/assessment-results.json')).toContain(image);
    const model = await modelFromBundle(await readZip(writeOnce), report.bundle!, 'w.zip');
    const filed = model.controls.flatMap((c) => c.captures.filter((x) => x.id === many.id).map(() => c.id));
    expect(filed.sort()).toEqual(['A.5.18', 'A.8.2', 'CC6.3']);
    for (const c of model.controls) for (const x of c.captures) expect(x.paths.image).toMatch(/^captures\//);
  });

  it('imports each capture once, with all its controls', async () => {
    const carolsDb = freshDb();
    const fingerprint = (await db.keys.get('device'))!.fingerprint;
    const result = await importBundle(carolsDb, writeOnce, {
      fileName: 'w.zip',
      actor: carol,
      trust: [fingerprint],
    });
    expect(result.imported.sort()).toEqual([many.id, one.id].sort());
    expect(await carolsDb.captures.count()).toBe(2);
    expect(await carolsDb.captures.get(many.id)).toEqual(many);
    expect((await carolsDb.captures.get(many.id))!.controlIds).toEqual(['A.5.18', 'A.8.2', 'CC6.3']);
    const image = new Uint8Array(await (await carolsDb.images.get(many.id))!.blob.arrayBuffer());
    expect(image.byteLength).toBe(many.image.byteLength);
  });

  it('writes the per-control export as format 9 too, saying its layout, with no index', async () => {
    const b = Forged.fromZip(perControl);
    expect(b.manifest.formatVersion).toBe(9);
    expect(b.manifest).toMatchObject({ layout: 'per-control' });
    expect([...b.files.keys()].some((p) => p.startsWith('captures/') || p.endsWith('captures.csv'))).toBe(
      false,
    );
    expect(b.json('schemas/manifest.schema.json')).toEqual(manifestJsonSchema(9));
    expect(b.text('README-AUDITOR.txt')).not.toMatch(/write-once/);
    expect((await verify(perControl)).ok).toBe(true);
  });

  it('lists a capture once in a folder two of its control IDs share', async () => {
    const own = freshDb();
    await storeCapture(own, {
      controlIds: ['A 1', 'A_1'],
      controls: [iso('A 1'), iso('A_1')],
      capturedAt: '2026-03-01T10:00:00.000Z',
    });
    const bytes = (await exportToBytes(own, { layout: 'write-once' })).bytes;
    const index = parseControlIndex(Forged.fromZip(bytes).text('controls/A_1/captures.csv'));
    expect(index.ok && index.rows).toHaveLength(1);
    expect(lines(await verify(bytes))).toEqual([]);
  });

  it('is refused for a request bundle, which copies samples into request folders', async () => {
    await expect(
      exportToBytes(db, { layout: 'write-once', scope: { kind: 'selection', request: 'REQ-1' } }),
    ).rejects.toThrow(/per-control layout only/);
  });
});

/** Each attack: forge, re-sign with the forger's own key (so only the check under test can stop it). */
async function attack(
  base: Uint8Array,
  forge: (b: Forged) => void | Promise<void>,
  manifest?: Parameters<Forged['resign']>[0] extends infer O
    ? O extends { manifest?: infer M }
      ? M
      : never
    : never,
): Promise<string[]> {
  const b = Forged.fromZip(base);
  await forge(b);
  await b.resign({ manifest });
  const report = await verify(b.zip());
  expect(report.ok).toBe(false);
  return lines(report);
}

const rowOf = (b: Forged, folder: string, id: string) =>
  b
    .text(`controls/${folder}/captures.csv`)
    .split('\r\n')
    .find((l) => l.startsWith(id))!;

describe('write-once attacks', () => {
  it('the forged bundles verify when nothing is forged (the attacks below fail for their own reason)', async () => {
    const b = Forged.fromZip(writeOnce);
    await b.resign();
    expect(lines(await verify(b.zip()))).toEqual([]);
  });

  it('a control index naming a capture that is not in the bundle', async () => {
    const problems = await attack(writeOnce, (b) => {
      const row = rowOf(b, 'A.5.18', one.id).replace(/captures\/[^,]+\.json/, 'captures/ghost.json');
      b.set(
        'controls/A.5.18/captures.csv',
        `${b.text('controls/A.5.18/captures.csv')}${row.replace(one.id, 'ghost-id')}\r\n`,
      );
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^controls\/A\.5\.18\/captures\.csv: row 4 names capture ghost-id at captures\/ghost\.json, which is not a capture record in this bundle$/,
      ),
    );
  });

  it('a capture listed under a control its signed record does not carry', async () => {
    const problems = await attack(writeOnce, (b) => {
      const row = rowOf(b, 'A.5.18', one.id);
      b.set('controls/CC6.3/captures.csv', `${b.text('controls/CC6.3/captures.csv')}${row}\r\n`);
    });
    expect(problems).toContainEqual(
      `controls/CC6.3/captures.csv: row 3 lists capture ${one.id} under controls/CC6.3/, but its signed record does not file it there (its controls in scope: A.5.18)`,
    );
  });

  it('a capture removed from a control index, or an index removed', async () => {
    const removed = await attack(writeOnce, (b) => {
      b.replace('controls/A.5.18/captures.csv', `${rowOf(b, 'A.5.18', one.id)}\r\n`, '');
    });
    expect(removed).toContainEqual(
      `controls/A.5.18/captures.csv: does not list capture ${one.id}, which is tagged to control A.5.18 (removed from the index?)`,
    );
    const gone = await attack(writeOnce, (b) => {
      b.delete('controls/CC6.3/captures.csv');
    });
    expect(gone).toContainEqual(
      `controls/CC6.3/captures.csv: is missing: capture ${many.id} is tagged to control CC6.3, whose folder must index it`,
    );
  });

  it('an index row whose hashes or capture do not match the record it names', async () => {
    const problems = await attack(writeOnce, (b) => {
      const row = rowOf(b, 'A.8.2', many.id);
      b.replace('controls/A.8.2/captures.csv', row, row.replace(many.image.sha256, 'f'.repeat(64)));
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^controls\/A\.8\.2\/captures\.csv: row 2 gives the image's SHA-256 as f{64}, the record says/,
      ),
    );
  });

  it('a duplicated capture file', async () => {
    const copied = await attack(writeOnce, (b) => {
      const record = b.recordOf('one').replace(/\.json$/, '');
      for (const ext of ['json', 'png']) b.set(`captures/copy.${ext}`, b.get(`${record}.${ext}`));
    });
    expect(copied).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^captures/copy\\.json: is a second copy of capture ${one.id} \\(also captures/.+\\.json\\): a write-once bundle holds each capture once$`,
        ),
      ),
    );
    const stray = await attack(writeOnce, (b) => {
      b.set('captures/stray.png', b.get(b.recordOf('one').replace(/\.json$/, '.png')));
    });
    expect(stray).toContain('captures/stray.png: has no capture record beside it');
    const inFolder = await attack(writeOnce, (b) => {
      const record = b.recordOf('one').replace(/\.json$/, '');
      b.set('controls/A.5.18/copy.png', b.get(`${record}.png`));
    });
    expect(inFolder).toContainEqual(
      expect.stringMatching(
        /^controls\/A\.5\.18\/copy\.png: is not a file a ProofTrail bundle contains: the manifest says layout write-once/,
      ),
    );
  });

  it('a layout field that lies: write-once paths said to be per-control', async () => {
    const problems = await attack(
      writeOnce,
      () => undefined,
      (m) => {
        (m as { layout: string }).layout = 'per-control';
      },
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^captures\/.+\.png: is not a file a ProofTrail bundle contains: captures\/ belongs to the write-once layout \(format 8 or later, layout write-once\), and this manifest says format 9, layout per-control$/,
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^controls\/A\.5\.18\/captures\.csv: is not a file/),
    );
  });

  it('a layout field that lies: per-control paths said to be write-once', async () => {
    const problems = await attack(
      perControl,
      () => undefined,
      (m) => {
        Object.assign(m, { formatVersion: 8, layout: 'write-once' });
      },
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^controls\/A\.5\.18\/.+\.png: is not a file a ProofTrail bundle contains: the manifest says layout write-once, whose control folders hold only captures\.csv/,
      ),
    );
  });

  it('an unknown layout value, or a layout field in a format-7 manifest', async () => {
    const unknown = await attack(
      writeOnce,
      () => undefined,
      (m) => {
        (m as { layout: string }).layout = 'flat';
      },
    );
    expect(unknown).toContainEqual(
      expect.stringMatching(/^manifest\.json: field layout: .*per-control.*write-once/),
    );
    const in7 = await attack(
      perControl,
      () => undefined,
      (m) => {
        Object.assign(m, { formatVersion: 7, layout: 'per-control' });
      },
    );
    expect(in7).toContainEqual(expect.stringMatching(/^manifest\.json: field \(root\): .*layout/i));
  });

  it('a per-control bundle carrying captures/ paths', async () => {
    const problems = await attack(perControl, (b) => {
      const record = b.recordOf('one').replace(/\.json$/, '');
      const name = record.slice(record.lastIndexOf('/') + 1);
      for (const ext of ['json', 'png']) b.set(`captures/${name}.${ext}`, b.get(`${record}.${ext}`));
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^captures\/.+\.json: is not a file a ProofTrail bundle contains: captures\/ belongs to the write-once layout \(format 8 or later, layout write-once\), and this manifest says format 9, layout per-control$/,
      ),
    );
  });

  it('a format-8 manifest that says per-control is read as format 7 (its paths are per-control)', async () => {
    const b = Forged.fromZip(perControl);
    await b.resign({ manifest: (m) => Object.assign(m, { formatVersion: 8, layout: 'per-control' }) });
    const report = await verify(b.zip());
    expect(lines(report)).toEqual([]);
    expect(report.summary).toMatchObject({ formatVersion: 8, layout: 'per-control', captures: 2 });
  });

  it('a format this verifier does not know is refused, naming the versions it reads', async () => {
    const problems = await attack(
      writeOnce,
      () => undefined,
      (m) => {
        (m as { formatVersion: number }).formatVersion = 10;
      },
    );
    expect(problems).toEqual([
      'manifest.json: format 10 is not one this verifier reads (1, 2, 3, 4, 5, 6, 7, 8, 9)',
    ]);
  });
});

it('formats a failing write-once report naming each file', async () => {
  const b = Forged.fromZip(writeOnce);
  b.delete('controls/CC6.3/captures.csv');
  await b.resign();
  const report = await verify(b.zip());
  expect(formatReport(report, 'w.zip').join('\n')).toMatch(/FAIL controls\/CC6\.3\/captures\.csv/);
  expect(dec(b.get('manifest.json'))).toContain('"layout":"write-once"');
});
