import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportCapture, ReportModel } from '../../../lib/report/model';
import { OSCAL_MAPPING_VERSION, OSCAL_VERSION, oscalAssessmentResults } from '../../../lib/report/oscal';
import {
  controlToken,
  documentSubject,
  isToken,
  PROOFTRAIL_OSCAL_NS,
  PROOFTRAIL_UUID_NAMESPACE,
  sha1,
  URL_NAMESPACE,
  uuidV5,
} from '../../../lib/report/oscal-ids';
import {
  OSCAL_SCHEMA_SHA256,
  oscalSchema,
  oscalSchemaSha256,
  oscalProblems as problems,
} from './oscal-schema';

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

const A518 = `A.5.18/2026-02-01T10-11-12.345Z_${SHARED_ID}.png`;
const CC61 = `CC6.1/2026-02-01T10-11-12.345Z_${SHARED_ID}.png`;
type Doc = ReturnType<typeof exported>;
type Obs = {
  uuid: string;
  props: { name: string; value: string }[];
  'relevant-evidence': { href: string }[];
};
const propOf = (o: Obs, name: string) => o.props.find((p) => p.name === name)?.value;
const uuidsOf = (doc: Doc) =>
  [...JSON.stringify(doc).matchAll(/"(?:[a-z-]*uuids?)":"([^"]+)"/g)].map((m) => m[1]);

describe('oscalAssessmentResults', () => {
  it('writes a document the OSCAL 1.2.2 schema accepts', () => {
    // The vendored file is NIST's release file, byte for byte (docs/oscal-format.md).
    expect(oscalSchemaSha256).toBe(OSCAL_SCHEMA_SHA256);
    expect(oscalSchema.$id).toBe(`http://csrc.nist.gov/ns/oscal/${OSCAL_VERSION}/oscal-ar-schema.json`);
    const doc = exported(sampleModel());
    expect(problems(doc)).toEqual([]);
    const meta = doc['assessment-results'].metadata;
    expect(meta['oscal-version']).toBe('1.2.2');
    expect(meta['last-modified']).toBe('2026-04-01T09:00:00.000Z');
    expect(meta.version).toBe('2026-04-01T09:00:00.000Z');
    expect(meta.title).toContain('A.5.18, CC6.1, POL:7');
    expect(meta.props).toContainEqual({ name: 'mapping-version', ns: PROOFTRAIL_OSCAL_NS, value: '2' });
    expect(OSCAL_MAPPING_VERSION).toBe(2);
    // Exporter and two capturers; the deleter is Ada again (e-mail compared without case).
    expect(meta.parties).toHaveLength(3);
    const backMatter = doc['assessment-results']['back-matter'].resources[0];
    expect(doc['assessment-results']['import-ap'].href).toBe(`#${backMatter.uuid}`);
  });

  it('writes one observation per capture and control, each pointing at that control’s copy', () => {
    const result = exported(sampleModel())['assessment-results'].results[0];
    const obs: Obs[] = result.observations;
    expect(obs.map((o) => [propOf(o, 'control-id'), propOf(o, 'capture-id')?.slice(-1)])).toEqual([
      ['A.5.18', '1'],
      ['A.5.18', '2'],
      ['POL:7', '3'],
      ['CC6.1', '1'],
    ]);
    const [underA, , underPol, underCc] = obs as [Obs, Obs, Obs, Obs];
    // The shared capture is two observations, each with the copy filed under its control.
    expect(underA['relevant-evidence'].map((e) => e.href)).toEqual([A518]);
    expect(underCc['relevant-evidence'].map((e) => e.href)).toEqual([CC61]);
    expect(underA.uuid).not.toBe(underCc.uuid);
    expect(propOf(underPol, 'control-token')).toBe(controlToken('POL:7'));
    expect(propOf(underPol, 'framework')).toBe('Internal policies');
    const first = result.observations[0];
    expect(first.methods).toEqual(['EXAMINE']);
    expect(first.types).toEqual(['control-objective']);
    expect(first.collected).toBe('2026-02-01T10:11:12.345Z');
    expect(first['relevant-evidence'][0].props).toEqual([
      { name: 'image-sha256', ns: PROOFTRAIL_OSCAL_NS, value: `${'a'.repeat(63)}1` },
      { name: 'metadata-sha256', ns: PROOFTRAIL_OSCAL_NS, value: `${'b'.repeat(63)}1` },
    ]);
    expect(
      Object.fromEntries(first.props.map((p: { name: string; value: string }) => [p.name, p.value])),
    ).toMatchObject({
      'capture-id': SHARED_ID,
      'ledger-key': 'kid-thumbprint-base64url',
      'ledger-seq': '1',
      'timestamp-status': 'stamped',
      'timestamp-authority': 'CN=Test TSA, O="Quotes" Ltd',
    });
    expect(first.description).toContain('also tagged to CC6.1');
    // A file name that could read as a URI scheme or query stays one path segment.
    expect(underPol['relevant-evidence'][0]?.href).toBe('POL_7/evil%3Aname%3F.png');
  });

  it('claims no verdict: no findings, no status, the controls in scope as reviewed controls', () => {
    const doc = exported(sampleModel());
    const result = doc['assessment-results'].results[0];
    expect(result.findings).toBeUndefined();
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"(findings|target|status|state)":/);
    expect(text).not.toContain('not-satisfied');
    expect(result.remarks).toContain('no findings');
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toEqual([
      { 'control-id': 'A.5.18' },
      { 'control-id': controlToken('POL:7') },
      { 'control-id': 'CC6.1' },
    ]);
    // A control the scope selects without evidence is in scope all the same, with no observation.
    const scoped = exported({
      ...sampleModel(),
      scope: { kind: 'selection', controlIds: ['CC6.1', 'A.5.18', 'POL:7', 'A.8.2', 'A.5.10'] },
    })['assessment-results'].results[0];
    expect(
      scoped['reviewed-controls']['control-selections'][0]['include-controls'].map(
        (c: { 'control-id': string }) => c['control-id'],
      ),
    ).toEqual(['A.5.18', controlToken('POL:7'), 'CC6.1', 'A.5.10', 'A.8.2']);
    expect(scoped.observations).toHaveLength(4);
    expect(problems({ 'assessment-results': { ...doc['assessment-results'], results: [scoped] } })).toEqual(
      [],
    );
  });

  it('records deletions in the assessment log', () => {
    const [entry] = exported(sampleModel())['assessment-results'].results[0]['assessment-log'].entries;
    expect(entry.start).toBe('2026-01-16T08:00:00.000Z');
    expect(unescapeMarkdown(entry.description)).toContain(
      'Captured the wrong tenant <img src=x onerror=alert(1)>',
    );
    expect(entry.description).not.toMatch(LIVE_MARKUP);
  });

  it('is deterministic, with unique version-5 UUIDs that depend on the scope, not on the export', () => {
    const text = JSON.stringify(oscalAssessmentResults(sampleModel()));
    expect(JSON.stringify(oscalAssessmentResults(structuredClone(sampleModel())))).toBe(text);
    const doc = exported(sampleModel());
    const uuids = uuidsOf(doc);
    expect(uuids.length).toBeGreaterThan(8);
    for (const u of uuids) expect(u).toMatch(UUID);
    const own = [...text.matchAll(/"uuid":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(own).size).toBe(own.length);

    // Another export of the same scope, later and under another file name: the same UUIDs.
    const scope = { kind: 'selection' as const, controlIds: ['A.5.18', 'CC6.1', 'POL:7'] };
    const a = exported({ ...sampleModel(), scope });
    const b = exported({
      ...sampleModel(),
      scope: { kind: 'selection', controlIds: ['POL:7', 'CC6.1', 'A.5.18'] },
      exportedAt: '2026-04-02T09:00:00.000Z',
      bundleName: 'prooftrail-3-controls-2026-04-02T09-00-00Z.zip',
    });
    expect(uuidsOf(b)).toEqual(uuidsOf(a));
    expect(b['assessment-results'].metadata.version).not.toBe(a['assessment-results'].metadata.version);
    // Another scope, or the same scope from another device: another document.
    const other = exported({ ...sampleModel(), scope: { ...scope, from: '2026-01-01T00:00:00.000Z' } });
    const device = exported({
      ...sampleModel(),
      scope,
      signers: [{ fingerprint: 'another-device', actors: [], entries: 1, stamped: 0 }],
    });
    const docUuid = (d: Doc) => d['assessment-results'].uuid;
    expect(new Set([docUuid(a), docUuid(other), docUuid(device), docUuid(doc)]).size).toBe(4);
    // Observations keep their UUIDs whatever the document.
    expect(other['assessment-results'].results[0].observations.map((o: Obs) => o.uuid)).toEqual(
      a['assessment-results'].results[0].observations.map((o: Obs) => o.uuid),
    );
  });

  it('names a document by a canonical form of its scope', () => {
    const s = documentSubject(
      'key',
      {
        kind: 'selection',
        controlIds: ['b', 'a'],
        capturers: ['Ada@Example.com'],
        to: '2026-04-01T00:00:00Z',
      },
      'ignored',
    );
    expect(s).toBe(
      documentSubject(
        'key',
        {
          kind: 'selection',
          controlIds: ['a', 'b', 'a'],
          capturers: ['ada@example.com'],
          to: '2026-04-01T00:00:00.000Z',
        },
        'another label',
      ),
    );
    expect(s).not.toBe(documentSubject('key', { kind: 'selection', controlIds: ['a', 'b'] }, 'x'));
    expect(documentSubject('key', undefined, 'a')).not.toBe(documentSubject('key', undefined, 'b'));
  });

  it('keeps hostile page and user text literal and inert', () => {
    const doc = exported(sampleModel());
    expect(HOSTILE_TITLE).toMatch(LIVE_MARKUP);
    for (const s of allStrings(doc)) expect(s).not.toMatch(LIVE_MARKUP);
    const [first, second] = doc['assessment-results'].results[0].observations;
    expect(unescapeMarkdown(first.title)).toBe(`Screenshot for A.5.18: ${HOSTILE_TITLE}`);
    expect(unescapeMarkdown(first.description)).toContain(`“${HOSTILE_TITLE}”`);
    expect(first.description).toContain(RTL);
    expect(unescapeMarkdown(first.description)).toContain('Line one\n\nLine two with **bold**');
    expect([...second.title].length).toBeLessThanOrEqual(240);
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
    const result = doc['assessment-results'].results[0];
    expect(result.observations).toBeUndefined();
    expect(result['reviewed-controls']['control-selections'][0]['include-all']).toEqual({});
  });

  it('refuses a model whose dates are not dates', () => {
    expect(() => oscalAssessmentResults({ ...sampleModel(), period: { from: 'soon', to: 'later' } })).toThrow(
      'period.from is not a date',
    );
  });
});

describe('the schema check catches broken documents', () => {
  const result = (doc: Doc) => doc['assessment-results'].results[0];

  it.each([
    ['an observation without methods', (d: Doc) => delete result(d).observations[0].methods],
    ['an observation without collected', (d: Doc) => delete result(d).observations[0].collected],
    [
      'a finding status of "other"',
      (d: Doc) =>
        (result(d).findings = [
          {
            uuid: result(d).uuid,
            title: 'x',
            description: 'x',
            target: { type: 'objective-id', 'target-id': 'A.5.18', status: { state: 'other' } },
          },
        ]),
    ],
    [
      'a reviewed control ID that is not a token',
      (d: Doc) =>
        (result(d)['reviewed-controls']['control-selections'][0]['include-controls'][1]['control-id'] =
          'POL:7'),
    ],
    [
      'a random-looking UUID of version 1',
      (d: Doc) => (result(d).uuid = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'),
    ],
    ['a prop value with a line break', (d: Doc) => (result(d).observations[0].props[0].value = 'a\nb')],
    ['a timestamp without a zone', (d: Doc) => (result(d).start = '2026-01-01T00:00:00')],
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
