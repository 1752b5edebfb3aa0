import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import { saveSchedules } from '../../../lib/db/schedules-repo';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';
import type { BundleManifest } from '../../../lib/formats/manifest';
import type { ControlSchedule } from '../../../lib/formats/schedule';
import { COVERAGE_CSV_COLUMNS, parseCoverageCsv } from '../../../lib/report/coverage-csv';
import { modelFromBundle } from '../../../lib/report/model-from-bundle';
import { reportBlocks } from '../../../lib/report/pdf-content';
import { pdfFromBundle, ReportRefused } from '../../../lib/report/pdf-from-bundle';
import { readZip } from '../../../lib/verify/read-zip';
import { formatReport } from '../../../lib/verify/report';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';
import { schedule as baseSchedule } from '../schedule-fixture';
import { Forged } from '../verify/forge';

const ISO = 'ISO/IEC 27001:2022';
const NOW = new Date('2026-11-28T13:00:00.000Z');
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function schedule(controlId: string, over: Partial<ControlSchedule> = {}): ControlSchedule {
  return baseSchedule(controlId, {
    owner: { name: 'Ada <b>Lovelace</b>', email: 'ada@example.com' },
    ...over,
  });
}

const tagged = (...ids: string[]) => ({
  controlIds: ids,
  controls: ids.map((id) => ({ id, title: `Control ${id}`, framework: ISO })),
});

let db: ProofTrailDb;
let q1: CaptureMetadata;
let reviewed: CaptureMetadata;
let annual: CaptureMetadata;
let unscheduled: CaptureMetadata;

beforeAll(async () => {
  db = freshDb();
  q1 = await storeCapture(db, { ...tagged('A.5.18'), capturedAt: '2026-02-10T09:00:00.000Z' });
  // A review done on 30 June, captured on 8 July: it fills Q2, not Q3.
  reviewed = await storeCapture(db, {
    ...tagged('A.5.18', 'A.8.15'),
    capturedAt: '2026-07-08T09:00:00.000Z',
    effectiveDate: '2026-06-30',
    pageTitle: 'Quarterly access review',
  });
  annual = await storeCapture(db, { ...tagged('A.8.2'), capturedAt: '2026-03-01T09:00:00.000Z' });
  unscheduled = await storeCapture(db, { ...tagged('A.8.15'), capturedAt: '2026-09-01T09:00:00.000Z' });
  await saveSchedules(
    db,
    [
      schedule('A.5.18'),
      schedule('A.8.2', { cadence: 'annual', sensitivity: 'most-recent', owner: undefined }),
    ],
    [{ framework: ISO, from: '2026-01-01', to: '2026-12-31', timeZone: 'Europe/Berlin' }],
  );
});

const files = (bytes: Uint8Array) => unzipSync(bytes);
const rows = (csv: string) =>
  Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

describe('coverage.csv in an exported bundle', () => {
  it('is listed with role coverage, verifies, and counts the bundle’s captures per period', async () => {
    const out = await exportToBytes(db, { now: NOW });
    const entries = files(out.bytes);
    const manifest = JSON.parse(dec(entries['manifest.json']!)) as BundleManifest;
    expect(manifest.formatVersion).toBe(9);
    expect(manifest.files.find((f) => f.path === 'coverage.csv')?.role).toBe('coverage');
    const report = await verifyBundle(await readZip(out.bytes));
    expect(report.problems, formatReport(report, 'bundle').join('\n')).toEqual([]);

    const sheet = rows(dec(entries['coverage.csv']!));
    expect(Object.keys(sheet[0]!)).toEqual([...COVERAGE_CSV_COLUMNS]);
    expect(sheet.map((r) => [r.control, r.period_start, r.status, r.captures, r.capture_ids])).toEqual([
      ['A.5.18', '2026-01-01T00:00:00+01:00', 'present', '1', q1.id],
      ['A.5.18', '2026-04-01T00:00:00+02:00', 'present', '1', reviewed.id],
      // Q3 ended on 1 October, past its 7 days' tolerance while the audit period still runs.
      ['A.5.18', '2026-07-01T00:00:00+02:00', 'late', '0', ''],
      ['A.5.18', '2026-10-01T00:00:00+02:00', 'due', '0', ''],
      ['A.8.2', '2026-01-01T00:00:00+01:00', 'present', '1', annual.id],
      ['A.8.15', '2026-01-01T00:00:00+01:00', 'no cadence set', '2', `${reviewed.id} ${unscheduled.id}`],
    ]);
    expect(sheet[0]).toMatchObject({
      framework: ISO,
      cadence: 'quarterly',
      owner_name: 'Ada <b>Lovelace</b>',
      owner_email: 'ada@example.com',
      period_end: '2026-04-01T00:00:00+02:00',
      time_zone: 'Europe/Berlin',
      as_of: NOW.toISOString(),
    });
  });

  it('counts only the captures the bundle carries when the scope narrows the dates', async () => {
    const out = await exportToBytes(db, {
      now: NOW,
      scope: { kind: 'selection', from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' },
    });
    const sheet = rows(dec(files(out.bytes)['coverage.csv']!));
    const bundled = new Set([q1.id, annual.id]);
    for (const r of sheet)
      for (const id of r.capture_ids!.split(' ').filter(Boolean)) expect(bundled.has(id)).toBe(true);
    // The Q2 review is in the library but not in this bundle: Q2 has nothing the auditor could check.
    expect(sheet.filter((r) => r.control === 'A.5.18').map((r) => r.status)).toEqual([
      'present',
      'late',
      'late',
      'due',
    ]);
    expect(sheet.map((r) => r.control)).not.toContain('A.8.15');
  });

  it('keeps to the controls the scope picks, and is absent when no framework in scope has a schedule', async () => {
    const picked = await exportToBytes(db, {
      now: NOW,
      scope: { kind: 'selection', controlIds: ['A.8.2'] },
    });
    expect(rows(dec(files(picked.bytes)['coverage.csv']!)).map((r) => r.control)).toEqual(['A.8.2']);

    const plain = freshDb();
    await storeCapture(plain, tagged('A.5.18'));
    const none = await exportToBytes(plain, { now: NOW });
    expect(Object.keys(files(none.bytes))).not.toContain('coverage.csv');
    expect(dec(files(none.bytes)['index.html']!)).not.toContain('Coverage over the audit period');
  });

  it('shows the same grid in index.html (escaped, status as words) and the activity date beside the capture time', async () => {
    const out = await exportToBytes(db, { now: NOW });
    const html = dec(files(out.bytes)['index.html']!);
    expect(html).toContain('<h2 id="period-coverage-h">Coverage over the audit period</h2>');
    expect(html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(html).not.toContain('<b>Lovelace</b>');
    expect(html).toContain('class="st-late"');
    expect(html).toContain('2026-07-01 to 2026-09-30: late (0)');
    expect(html).toContain('2026-04-01 to 2026-06-30: present (1)');
    expect(html).toContain('2026-01-01 to 2026-12-31: no cadence set (2)');
    expect(html).toMatch(/<dt>Captured at<\/dt><dd><time datetime="2026-07-08T09:00:00.000Z">/);
    expect(html).toMatch(/<dt>Activity date<\/dt><dd><time datetime="2026-06-30">2026-06-30<\/time>/);
    const csv = dec(files(out.bytes)['evidence.csv']!);
    expect(csv).toContain('"2026-07-08T09:00:00.000Z"');
    expect(rows(csv).find((r) => r.effective_date)?.effective_date).toBe('2026-06-30');
    const oscal = JSON.parse(dec(files(out.bytes)['oscal/assessment-results.json']!));
    const props = JSON.stringify(oscal);
    expect(props).toContain(
      '"name":"effective-date","ns":"https://prooftrail.dev/ns/oscal","value":"2026-06-30"',
    );
  });

  it('is read back for the PDF of the bundle: the same coverage, on the coverage pages', async () => {
    const out = await exportToBytes(db, { now: NOW });
    const archive = await readZip(out.bytes);
    const verified = (await verifyBundle(archive)).bundle!;
    const model = await modelFromBundle(archive, verified, out.fileName);
    expect(model.coverage).toEqual(parseCoverageCsv(dec(files(out.bytes)['coverage.csv']!)));
    expect(model.coverage!.frameworks[0]!.controls.map((c) => c.id)).toEqual(['A.5.18', 'A.8.2', 'A.8.15']);
    const blocks = reportBlocks(model);
    expect(blocks).toContainEqual({ kind: 'heading', text: 'Coverage over the audit period' });
    expect(blocks).toContainEqual({
      kind: 'field',
      label: '',
      values: ['2026-07-01 to 2026-09-30: late (0)'],
      tone: 'alert',
    });
    expect(blocks).toContainEqual({
      kind: 'field',
      label: 'Activity date',
      values: ['2026-06-30 (as stated by the capturer)'],
    });
    const pdf = await pdfFromBundle(out.bytes, out.fileName);
    expect(pdf.byteLength).toBeGreaterThan(1000);
  });
});

describe('coverage.csv against tampering', () => {
  let genuine: Forged;
  beforeAll(async () => {
    genuine = Forged.fromZip((await exportToBytes(db, { now: NOW })).bytes);
  });
  const verifyForged = async (f: Forged) => verifyBundle(await readZip(f.zip()));
  const messages = (r: Awaited<ReturnType<typeof verifyForged>>) =>
    r.problems.map((p) => `${p.path}: ${p.message}`);

  it('fails when a count in coverage.csv is altered', async () => {
    const f = genuine.clone().replace('coverage.csv', '"late","0"', '"present","1"');
    const r = await verifyForged(f);
    expect(r.ok).toBe(false);
    expect(messages(r)).toContainEqual(
      expect.stringMatching(/^coverage\.csv: SHA-256 is [0-9a-f]{64}, the manifest says/),
    );
  });

  it('fails when the forger also re-lists the manifest: the export entry signs the old one', async () => {
    const f = await genuine.clone().replace('coverage.csv', '"late","0"', '"present","1"').relist();
    const r = await verifyForged(f);
    expect(r.ok).toBe(false);
    expect(messages(r).join('\n')).toMatch(/^manifest\.json: /m);
  });

  it('fails when coverage.csv is removed or added unlisted', async () => {
    const gone = await verifyForged(genuine.clone().delete('coverage.csv'));
    expect(messages(gone)).toContain(
      'coverage.csv: listed in the manifest but missing from the bundle (removed?)',
    );
  });

  it('refuses a coverage file in a bundle of format 6, even one re-signed whole', async () => {
    const f = genuine.clone();
    await f.resign({ manifest: (m) => Forged.withoutLayout(Object.assign(m, { formatVersion: 6 })) });
    const r = await verifyForged(f);
    expect(messages(r)).toEqual([
      'coverage.csv: is a coverage file, which only bundles of format 7 or later hold (this one is format 6)',
    ]);
  });

  it('makes no PDF from a signed bundle whose coverage.csv is malformed, naming the row', async () => {
    const f = genuine.clone().replace('coverage.csv', '"late","0"', '"late","3"');
    await f.resign();
    const bytes = f.zip();
    expect((await verifyBundle(await readZip(bytes))).ok).toBe(true);
    const err = await pdfFromBundle(bytes, 'forged.zip').catch((e) => e);
    expect(err).toBeInstanceOf(ReportRefused);
    expect(err.message).toBe('forged.zip: coverage.csv is malformed; no report was made.');
    expect(err.lines).toEqual(['coverage.csv row 4: captures is "3" but capture_ids lists 0']);
  });
});
