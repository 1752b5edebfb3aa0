import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import { parseRequestList } from '../../../lib/requests/parse-request-list';
import { requestScope } from '../../../lib/requests/request-scope';
import { importRequests, linkCapture } from '../../../lib/requests/requests-repo';
import { roleOfPath } from '../../../lib/verify/file-roles';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';
import { exportToBytes, freshDb, storeCapture } from '../helpers';
import { buildZip, Forged } from '../verify/forge';

const verify = async (bytes: Uint8Array) => verifyBundle(await openZipArchive(bytesSource(bytes)));
const zipOf = (b: Forged) => buildZip([...b.files]);

let db: ProofTrailDb;
let bundle: Forged;
let ids: { s1: string; pop: string; other: string; unlinked: string };

beforeAll(async () => {
  db = freshDb();
  const list = parseRequestList(
    'PBC #,TSC Ref,Description,Owner,Due Date,Samples\n' +
      'PBC 7,"CC8.1, CC6.1",=HYPERLINK("x") changes approved,Dana,2026-03-31,CHG-1;CHG/2\n' +
      'PBC-8,CC1.1,Other,,,\n',
  );
  if (!list.ok) throw new Error(list.problems.join('\n'));
  await importRequests(db, list.requests, 'pbc.csv');
  const s1 = await storeCapture(db, { controlIds: ['A.5.18'], note: 'sample one', pageTitle: 'Change 1' });
  const pop = await storeCapture(db, {
    controlIds: ['A.5.18'],
    note: 'population',
    pageTitle: 'All changes',
  });
  const other = await storeCapture(db, { controlIds: ['A.5.18'], note: 'other request', pageTitle: 'Other' });
  const unlinked = await storeCapture(db, {
    controlIds: ['A.5.18'],
    note: 'unlinked',
    pageTitle: 'Unlinked',
  });
  await linkCapture(db, { captureId: s1.id, requestId: 'PBC 7', sampleId: 'CHG-1' });
  await linkCapture(db, { captureId: pop.id, requestId: 'PBC 7', population: true });
  await linkCapture(db, { captureId: other.id, requestId: 'PBC-8' });
  ids = { s1: s1.id, pop: pop.id, other: other.id, unlinked: unlinked.id };
  const out = await exportToBytes(db, {
    scope: await requestScope(db, 'PBC 7'),
    now: new Date('2026-11-29T10:00:00.000Z'),
  });
  expect(out.fileName).toMatch(/^prooftrail-request-PBC-7-/);
  bundle = Forged.fromZip(out.bytes);
});

describe("a request's bundle", () => {
  it('holds the linked captures only, under controls/ and as copies under requests/<ID>/<sample | population>/', () => {
    const paths = [...bundle.files.keys()];
    const req = paths.filter((p) => p.startsWith('requests/')).sort();
    expect(req).toEqual([
      expect.stringMatching(/^requests\/PBC_7\/CHG-1\/[^/]+_change-1\.json$/),
      expect.stringMatching(/^requests\/PBC_7\/CHG-1\/[^/]+_change-1\.png$/),
      expect.stringMatching(/^requests\/PBC_7\/population\/[^/]+_all-changes\.json$/),
      expect.stringMatching(/^requests\/PBC_7\/population\/[^/]+_all-changes\.png$/),
    ]);
    expect(paths.filter((p) => p.startsWith('controls/') && p.endsWith('.json'))).toHaveLength(2);
    const captured = new Set(bundle.manifest.files.flatMap((f) => (f.captureId ? [f.captureId] : [])));
    expect(captured).toEqual(new Set([ids.s1, ids.pop]));
    expect(bundle.manifest.scope).toEqual({
      kind: 'selection',
      request: 'PBC 7',
      captureIds: [ids.s1, ids.pop].sort(),
    });
    // The copies are the same bytes as the controls/ files, and every file is listed in the manifest.
    for (const p of req) {
      const twin = paths.find(
        (q) => q.startsWith('controls/') && q.split('/').at(-1) === p.split('/').at(-1),
      )!;
      expect(bundle.get(p)).toEqual(bundle.get(twin));
    }
    expect(bundle.manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([...req, 'requests.csv']),
    );
  });

  it('has requests.csv: one row per sample and for the population, RFC 4180, formula-safe', () => {
    const bytes = bundle.get('requests.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bundle.text('requests.csv');
    expect(
      text.startsWith(
        '"request","controls","title","description","owner","due","request_status","sample","sample_status","capture_ids","paths"\r\n',
      ),
    ).toBe(true);
    const rows = Papa.parse<string[]>(text, { delimiter: ',' }).data.filter((r) => r.length > 1);
    const s1Path = [...bundle.files.keys()].find(
      (p) => p.startsWith('requests/PBC_7/CHG-1/') && p.endsWith('.png'),
    );
    const popPath = [...bundle.files.keys()].find(
      (p) => p.startsWith('requests/PBC_7/population/') && p.endsWith('.png'),
    );
    const head = [
      'PBC 7',
      'CC8.1 CC6.1',
      '',
      `'=HYPERLINK("x") changes approved`,
      'Dana',
      '2026-03-31',
      'in-progress',
    ];
    expect(rows.slice(1)).toEqual([
      [...head, 'CHG-1', 'captured', ids.s1, s1Path],
      [...head, 'CHG/2', 'open', '', ''],
      [...head, '(population)', 'captured', ids.pop, popPath],
    ]);
  });

  it('verifies', async () => {
    const report = await verify(zipOf(bundle));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('FAILs when a file under requests/ is altered, even with the manifest re-listed and re-signed', async () => {
    const b = bundle.clone();
    const png = [...b.files.keys()].find((p) => p.startsWith('requests/PBC_7/CHG-1/') && p.endsWith('.png'))!;
    const altered = b.get(png).slice();
    altered.set([altered.at(-20)! ^ 0xff], altered.length - 20);
    b.set(png, altered);
    await b.resign();
    const report = await verify(zipOf(b));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({
      path: png,
      message: expect.stringMatching(/^image SHA-256 is [0-9a-f]{64}, the capture record says/),
    });
  });

  it('FAILs when a record copy under requests/ is edited (re-signed)', async () => {
    const b = bundle.clone();
    const json = [...b.files.keys()].find(
      (p) => p.startsWith('requests/PBC_7/population/') && p.endsWith('.json'),
    )!;
    b.replace(json, '"note":"population"', '"note":"populatiom"');
    await b.resign();
    const report = await verify(zipOf(b));
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.path)).toContain(json);
  });

  it('FAILs when a file is added under requests/, listed or not', async () => {
    const unlisted = bundle.clone().set('requests/PBC_7/CHG-1/extra.png', new Uint8Array([1, 2, 3]));
    expect((await verify(zipOf(unlisted))).problems).toContainEqual({
      path: 'requests/PBC_7/CHG-1/extra.png',
      message: 'not listed in the manifest (added after export?)',
    });
    const listed = bundle
      .clone()
      .set('requests/PBC_7/notes.md', 'trust me')
      .set('requests/PBC_7/CHG-1/x.txt', 'x');
    await listed.resign();
    const problems = (await verify(zipOf(listed))).problems;
    expect(problems).toContainEqual({
      path: 'requests/PBC_7/notes.md',
      message: 'is not a file a ProofTrail bundle contains',
    });
    expect(problems).toContainEqual({
      path: 'requests/PBC_7/CHG-1/x.txt',
      message: 'has no capture record beside it',
    });
  });

  it('FAILs when a capture outside the scope is slipped in as a request copy (re-signed)', async () => {
    // The sample's capture stays only as a request copy, and the scope no longer selects it.
    const b = bundle.clone();
    const json = [...b.files.keys()].find(
      (p) => p.startsWith('requests/PBC_7/CHG-1/') && p.endsWith('.json'),
    )!;
    const name = json
      .split('/')
      .at(-1)!
      .replace(/\.json$/, '');
    b.deleteUnder(`controls/A.5.18/${name}`);
    await b.resign({
      manifest: (m) => {
        m.scope = { kind: 'selection', request: 'PBC 7', captureIds: [ids.pop] };
      },
    });
    const report = await verify(zipOf(b));
    expect(report.problems).toContainEqual({
      path: json,
      message: `holds capture ${ids.s1}, which the scope does not select`,
    });
  });

  it('knows requests/ and requests.csv only in format 7', () => {
    expect(roleOfPath('requests.csv', false, 7)).toBe('csv');
    expect(roleOfPath('requests/R/S/x.png', false, 7)).toBe('image');
    expect(roleOfPath('requests/R/S/x.json', false, 7)).toBe('metadata');
    expect(roleOfPath('requests/R/x.png', false, 7)).toBeUndefined();
    expect(roleOfPath('requests/R/S/T/x.png', false, 7)).toBeUndefined();
    expect(roleOfPath('requests.csv', false, 6)).toBeUndefined();
    expect(roleOfPath('requests/R/S/x.png', false, 6)).toBeUndefined();
  });

  it('refuses to export a request with nothing linked, or one that does not exist', async () => {
    const empty = freshDb();
    const list = parseRequestList('Request ID,Control\nR1,CC1.1\n');
    if (!list.ok) throw new Error('list');
    await importRequests(empty, list.requests, 'a.csv');
    await expect(requestScope(empty, 'R1')).rejects.toThrow(
      'Request R1 has no capture linked yet: nothing to export.',
    );
    await expect(requestScope(empty, 'R2')).rejects.toThrow('There is no request "R2" in the library.');
  });
});
