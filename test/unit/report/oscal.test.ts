import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { ReportCapture, ReportModel } from '../../../lib/report/model';
import { OSCAL_MAPPING_VERSION, oscalAssessmentResults } from '../../../lib/report/oscal';
import {
  controlToken,
  isToken,
  PROOFTRAIL_OSCAL_NS,
  PROOFTRAIL_UUID_NAMESPACE,
  sha1,
  URL_NAMESPACE,
  uuidV5,
} from '../../../lib/report/oscal-ids';

// The vendored NIST schema (draft-07). Ajv's default class is draft-07 and compiles it in strict
// mode as it is, so strict stays on; ajv-formats supplies the date-time, uri and email formats
// the schema names. Ajv's regexes use the `u` flag, which the schema's \p{L} patterns need.
const schema = JSON.parse(
  readFileSync(
    new URL('../../../docs/schemas/oscal_assessment-results_schema-1.0.6.json', import.meta.url),
    'utf8',
  ),
);
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function problems(doc: unknown): string[] {
  validate(doc);
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HOSTILE_TITLE = `"><script>alert('x')</script> [click](javascript:alert(1)) & <b>Users</b>`;
const RTL = 'לוח בקרה — إدارة المستخدمين \u202Egnp.exe';
const LONG = 'Reviewed quarterly. '.repeat(400);

function capture(id: string, folder: string, over: Partial<ReportCapture> = {}): ReportCapture {
  const stem = `2026-02-0${id.slice(-1)}T10-11-12.345Z_${id}`;
  return {
    id,
    capturedAt: `2026-02-0${id.slice(-1)}T10:11:12.345Z`,
    pageUrl: 'https://console.example.com/iam/users?filter=admin&sort=name_asc',
    pageTitle: 'IAM users',
    capturer: { name: 'Ada Auditee', email: 'ada@example.com' },
    note: '',
    controlIds: [folder],
    captureMode: 'visible',
    image: { width: 1280, height: 800, sha256: 'a'.repeat(63) + id.slice(-1) },
    metadataSha256: 'b'.repeat(63) + id.slice(-1),
    paths: {
      image: `${folder}/${stem}.png`,
      metadata: `${folder}/${stem}.json`,
      pageText: `${folder}/${stem}.txt`,
    },
    ledger: { fingerprint: 'kid-thumbprint-base64url', seq: Number(id.slice(-1)) },
    timestamp: { status: 'stamped', genTime: '2026-02-01T10:11:13Z', tsaName: 'CN=Test TSA, O="Quotes" Ltd' },
    imported: false,
    ...over,
  };
}

const SHARED_ID = '0b5c3a8e-1f6d-4c1e-9a0b-000000000001';
const shared = (folder: string) => ({
  ...capture(SHARED_ID, folder),
  controlIds: ['A.5.18', 'CC6.1'],
  pageTitle: HOSTILE_TITLE,
  note: `Line one\n\nLine two with **bold** and ${RTL}`,
});

function sampleModel(): ReportModel {
  return {
    bundleName: 'prooftrail-2026-Q1.zip',
    exportedAt: '2026-04-01T09:00:00.000Z',
    exportedBy: { name: 'Eve "the exporter" O\'Brien', email: 'eve@example.com' },
    extensionVersion: '0.2.0',
    scopeLabel: 'Controls A.5.18, CC6.1, POL:7 · 2026-01-01 to 2026-03-31',
    period: { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
    signers: [
      {
        fingerprint: 'kid-thumbprint-base64url',
        actors: [{ name: 'Ada', email: 'ada@example.com' }],
        entries: 3,
        stamped: 2,
      },
    ],
    controls: [
      {
        id: 'A.5.18',
        framework: 'ISO/IEC 27001:2022',
        title: 'Access rights',
        captures: [
          shared('A.5.18'),
          capture('0b5c3a8e-1f6d-4c1e-9a0b-000000000002', 'A.5.18', {
            pageTitle: `${RTL} ${LONG}`,
            note: LONG,
            capturer: { name: '  Ünïcødé\nName  ', email: 'not an email <x@y>' },
            timestamp: { status: 'pending' },
          }),
        ],
      },
      {
        id: 'POL:7',
        framework: 'Internal policies',
        title: 'Backups <verified>',
        captures: [
          capture('0b5c3a8e-1f6d-4c1e-9a0b-000000000003', 'POL_7', {
            controlIds: ['POL:7'],
            imported: true,
            ledger: undefined,
            timestamp: { status: 'none' },
            paths: { image: 'POL_7/evil:name?.png', metadata: 'POL_7/x.json' },
          }),
        ],
      },
      { id: 'CC6.1', framework: 'SOC 2', title: 'Logical access security', captures: [shared('CC6.1')] },
    ],
    deletions: [
      {
        captureId: '0b5c3a8e-1f6d-4c1e-9a0b-000000000009',
        controlIds: ['A.5.18'],
        capturedAt: '2026-01-15T08:00:00Z',
        pageUrl: 'https://console.example.com/old',
        deletedAt: '2026-01-16T08:00:00Z',
        deletedBy: { name: 'Ada Auditee', email: 'ADA@example.com' },
        reason: 'Captured the wrong tenant <img src=x onerror=alert(1)>',
      },
    ],
  };
}

/** The document as written to disk. */
function exported(model: ReportModel) {
  return JSON.parse(JSON.stringify(oscalAssessmentResults(model)));
}

const unescapeMarkdown = (s: string) => s.replace(/\\(.)/g, '$1');

/** Every string in a JSON value. */
const allStrings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(allStrings) : [];

/** HTML or a Markdown link that a Markdown renderer would act on: not backslash-escaped. */
const LIVE_MARKUP = /(?<!\\)<(script|b>|img)|(?<!\\)\]\(javascript/;

describe('oscalAssessmentResults', () => {
  it('writes a document the OSCAL 1.0.6 schema accepts', () => {
    const doc = exported(sampleModel());
    expect(problems(doc)).toEqual([]);
    const meta = doc['assessment-results'].metadata;
    expect(meta['oscal-version']).toBe('1.0.6');
    expect(meta['last-modified']).toBe('2026-04-01T09:00:00.000Z');
    expect(meta.title).toContain('A.5.18, CC6.1, POL:7');
    expect(meta.props).toContainEqual({ name: 'mapping-version', ns: PROOFTRAIL_OSCAL_NS, value: '1' });
    expect(OSCAL_MAPPING_VERSION).toBe(1);
    // Exporter and two capturers; the deleter is Ada again (e-mail compared without case).
    expect(meta.parties).toHaveLength(3);
    const backMatter = doc['assessment-results']['back-matter'].resources[0];
    expect(doc['assessment-results']['import-ap'].href).toBe(`#${backMatter.uuid}`);
  });

  it('writes one observation per capture, with an evidence item per bundle copy', () => {
    const result = exported(sampleModel())['assessment-results'].results[0];
    expect(result.observations).toHaveLength(3);
    const sharedObs = result.observations[0];
    expect(sharedObs.methods).toEqual(['EXAMINE']);
    expect(sharedObs.collected).toBe('2026-02-01T10:11:12.345Z');
    expect(sharedObs['relevant-evidence'].map((e: { href: string }) => e.href)).toEqual([
      `A.5.18/2026-02-01T10-11-12.345Z_${SHARED_ID}.png`,
      `CC6.1/2026-02-01T10-11-12.345Z_${SHARED_ID}.png`,
    ]);
    for (const ev of sharedObs['relevant-evidence']) {
      expect(ev.props).toEqual([
        { name: 'image-sha256', ns: PROOFTRAIL_OSCAL_NS, value: `${'a'.repeat(63)}1` },
        { name: 'metadata-sha256', ns: PROOFTRAIL_OSCAL_NS, value: `${'b'.repeat(63)}1` },
      ]);
    }
    const props = Object.fromEntries(
      sharedObs.props.map((p: { name: string; value: string }) => [p.name, p.value]),
    );
    expect(props).toMatchObject({
      'capture-id': SHARED_ID,
      'ledger-key': 'kid-thumbprint-base64url',
      'ledger-seq': '1',
      'timestamp-status': 'stamped',
      'timestamp-authority': 'CN=Test TSA, O="Quotes" Ltd',
    });
    // A file name that could read as a URI scheme or query stays one path segment.
    expect(result.observations[2]['relevant-evidence'][0].href).toBe('POL_7/evil%3Aname%3F.png');
  });

  it('writes one finding per control pointing at its observations, and claims no verdict', () => {
    const result = exported(sampleModel())['assessment-results'].results[0];
    const obs = result.observations.map((o: { uuid: string }) => o.uuid);
    expect(result.findings.map((f: { target: { 'target-id': string } }) => f.target['target-id'])).toEqual([
      'A.5.18',
      controlToken('POL:7'),
      'CC6.1',
    ]);
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toEqual([
      { 'control-id': 'A.5.18' },
      { 'control-id': controlToken('POL:7') },
      { 'control-id': 'CC6.1' },
    ]);
    const related = (i: number) =>
      result.findings[i]['related-observations'].map(
        (r: { 'observation-uuid': string }) => r['observation-uuid'],
      );
    expect(related(0)).toEqual([obs[0], obs[1]]);
    expect(related(1)).toEqual([obs[2]]);
    expect(related(2)).toEqual([obs[0]]);
    for (const f of result.findings) {
      expect(f.target.type).toBe('objective-id');
      expect(f.target.status).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    }
    expect(result.findings[1].props).toContainEqual({
      name: 'control-id',
      ns: PROOFTRAIL_OSCAL_NS,
      value: 'POL:7',
    });
  });

  it('records deletions in the assessment log', () => {
    const [entry] = exported(sampleModel())['assessment-results'].results[0]['assessment-log'].entries;
    expect(entry.start).toBe('2026-01-16T08:00:00.000Z');
    expect(unescapeMarkdown(entry.description)).toContain(
      'Captured the wrong tenant <img src=x onerror=alert(1)>',
    );
    expect(entry.description).not.toMatch(LIVE_MARKUP);
  });

  it('is deterministic, with unique version-5 UUIDs', () => {
    const text = JSON.stringify(oscalAssessmentResults(sampleModel()));
    expect(JSON.stringify(oscalAssessmentResults(structuredClone(sampleModel())))).toBe(text);
    const uuids = [...text.matchAll(/"uuid":"([^"]+)"/g)].map((m) => m[1]);
    expect(uuids.length).toBeGreaterThan(8);
    for (const u of uuids) expect(u).toMatch(UUID);
    expect(new Set(uuids).size).toBe(uuids.length);

    // Another export of the same evidence: a new document, the same observation UUIDs.
    const a = exported(sampleModel())['assessment-results'];
    const b = exported({ ...sampleModel(), exportedAt: '2026-04-02T09:00:00.000Z' })['assessment-results'];
    expect(b.uuid).not.toBe(a.uuid);
    expect(b.results[0].observations.map((o: { uuid: string }) => o.uuid)).toEqual(
      a.results[0].observations.map((o: { uuid: string }) => o.uuid),
    );
  });

  it('keeps hostile page and user text literal and inert', () => {
    const doc = exported(sampleModel());
    expect(HOSTILE_TITLE).toMatch(LIVE_MARKUP);
    for (const s of allStrings(doc)) expect(s).not.toMatch(LIVE_MARKUP);
    const [first, second] = doc['assessment-results'].results[0].observations;
    expect(unescapeMarkdown(first.title)).toBe(`Screenshot: ${HOSTILE_TITLE}`);
    expect(unescapeMarkdown(first.description)).toContain(`“${HOSTILE_TITLE}”`);
    expect(first.description).toContain(RTL);
    expect(unescapeMarkdown(first.description)).toContain('Line one\n\nLine two with **bold**');
    expect([...second.title].length).toBeLessThanOrEqual(220);
    expect(second.description).toContain(LONG.trim());
    const party = doc['assessment-results'].metadata.parties.find(
      (p: { name?: string }) => p.name === 'Ünïcødé Name',
    );
    expect(party.props).toEqual([{ name: 'email', ns: PROOFTRAIL_OSCAL_NS, value: 'not an email <x@y>' }]);
  });

  it('stays valid with no controls, no exporter and no deletions', () => {
    const doc = exported({
      ...sampleModel(),
      controls: [],
      deletions: [],
      signers: [],
      exportedBy: undefined,
    });
    expect(problems(doc)).toEqual([]);
    expect(doc['assessment-results'].results[0].observations).toBeUndefined();
  });

  it('refuses a model whose dates are not dates', () => {
    expect(() => oscalAssessmentResults({ ...sampleModel(), period: { from: 'soon', to: 'later' } })).toThrow(
      'period.from is not a date',
    );
  });
});

describe('the schema check catches broken documents', () => {
  const result = (doc: ReturnType<typeof exported>) => doc['assessment-results'].results[0];

  it.each([
    [
      'an observation without methods',
      (d: ReturnType<typeof exported>) => delete result(d).observations[0].methods,
    ],
    [
      'a finding status of "other"',
      (d: ReturnType<typeof exported>) => (result(d).findings[0].target.status.state = 'other'),
    ],
    [
      'a control ID that is not a token',
      (d: ReturnType<typeof exported>) => (result(d).findings[1].target['target-id'] = 'POL:7'),
    ],
    [
      'a random-looking UUID of version 1',
      (d: ReturnType<typeof exported>) => (result(d).uuid = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'),
    ],
    [
      'a prop value with a line break',
      (d: ReturnType<typeof exported>) => (result(d).observations[0].props[0].value = 'a\nb'),
    ],
    [
      'a timestamp without a zone',
      (d: ReturnType<typeof exported>) => (result(d).start = '2026-01-01T00:00:00'),
    ],
  ])('rejects %s', (_name, breakIt) => {
    const doc = exported(sampleModel());
    breakIt(doc);
    expect(problems(doc)).not.toEqual([]);
  });
});

describe('identifiers', () => {
  it('computes SHA-1 as node:crypto does, at every padding boundary', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      expect(Buffer.from(sha1(bytes)).toString('hex')).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
  });

  it('derives RFC 4122 version-5 UUIDs', () => {
    // The DNS-namespace example used by common UUID libraries.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(uuidV5(URL_NAMESPACE, PROOFTRAIL_OSCAL_NS)).toBe(PROOFTRAIL_UUID_NAMESPACE);
  });

  it('maps control IDs to distinct OSCAL tokens, keeping valid ones as they are', () => {
    expect(controlToken('A.5.18')).toBe('A.5.18');
    expect(controlToken('CC6.1')).toBe('CC6.1');
    const mapped = ['POL:7', 'POL_7', 'POL 7', '1.2', '_1.2', 'Ä:1'].map(controlToken);
    for (const t of mapped) expect(isToken(t)).toBe(true);
    expect(new Set(mapped).size).toBe(mapped.length);
    expect(controlToken('POL:7')).toMatch(/^POL_7-[0-9a-f]{8}$/);
    expect(controlToken('1.2')).toMatch(/^_1\.2-[0-9a-f]{8}$/);
  });
});
