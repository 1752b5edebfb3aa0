import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import type { SelectionScope } from '../../../lib/formats/scope-types';
import { exportToBytes, freshDb, PNG_1X1_BASE64, storeCapture } from '../helpers';
import { oscalProblems } from './oscal-schema';

// Exports real bundles (both layouts), reads the OSCAL document back out of the ZIP and checks it
// against the bundle's own files: docs/oscal-format.md, "Reading the document back".

const CONTROLS = {
  'A.5.18': { id: 'A.5.18', title: 'Access rights', framework: 'ISO/IEC 27001:2022' },
  'A.8.2': { id: 'A.8.2', title: 'Privileged access rights', framework: 'ISO/IEC 27001:2022' },
  'CC6.1': { id: 'CC6.1', title: 'Logical access', framework: 'SOC 2 (TSC 2017)' },
} as const;
type ControlId = keyof typeof CONTROLS;
const CAPTURES: { tags: ControlId[]; at: string }[] = [
  { tags: ['A.5.18', 'CC6.1'], at: '2026-11-20T09:00:00.000Z' },
  { tags: ['A.5.18'], at: '2026-11-21T09:00:00.000Z' },
  { tags: ['CC6.1', 'A.8.2'], at: '2026-11-22T09:00:00.000Z' },
  { tags: ['A.8.2'], at: '2026-11-23T09:00:00.000Z' },
];
const SCOPE: SelectionScope = { kind: 'selection', controlIds: ['A.5.18', 'A.8.2', 'CC6.1'] };

type Files = Record<string, Uint8Array>;
type Prop = { name: string; value: string };
type Evidence = { href?: string; props?: Prop[]; links?: { href: string; rel: string }[] };
type Observation = { uuid: string; props: Prop[]; 'relevant-evidence': Evidence[]; collected: string };

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const propValue = (props: Prop[] | undefined, name: string) => props?.find((p) => p.name === name)?.value;
/** A bundle path from an href: every segment was percent-encoded. */
const pathOf = (href: string) => href.split('/').map(decodeURIComponent).join('/');

/** Every UUID in a JSON value, with where it sits: each `uuid` and each `…-uuid(s)` reference. */
function uuidsIn(v: unknown, at = '$'): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => uuidsIn(x, `${at}[${i}]`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) =>
    /(^|-)uuids?$/.test(k) && typeof x === 'string'
      ? [`${at}.${k}=${x}`]
      : /-uuids$/.test(k) && Array.isArray(x)
        ? x.map((u, i) => `${at}.${k}[${i}]=${u}`)
        : uuidsIn(x, `${at}.${k}`),
  );
}

async function bundle(db: ProofTrailDb, scope: SelectionScope, day: number, layout?: 'write-once') {
  const out = await exportToBytes(db, {
    scope,
    now: new Date(Date.UTC(2026, 10, day, 12)),
    exportedBy: { name: 'Eve', email: 'eve@example.com' },
    ...(layout ? { layout } : {}),
  });
  const files: Files = unzipSync(out.bytes);
  const doc = JSON.parse(new TextDecoder().decode(files['oscal/assessment-results.json']));
  return { files, doc, fileName: out.fileName };
}

describe('OSCAL round trip on exported bundles', () => {
  let db: ProofTrailDb;
  const ids: { id: string; tags: ControlId[]; at: string }[] = [];
  beforeAll(async () => {
    db = freshDb();
    const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
    for (const [i, c] of CAPTURES.entries()) {
      // Bytes after IEND: a distinct image per capture, so a hash cannot match by accident.
      const image = new Uint8Array([...png, i + 1]);
      const r = await storeCapture(
        db,
        {
          controlIds: c.tags,
          controls: c.tags.map((t) => CONTROLS[t]),
          capturedAt: c.at,
          pageTitle: `Page ${i}`,
        },
        image,
      );
      ids.push({ id: r.id, tags: c.tags, at: c.at });
    }
  });

  for (const layout of [undefined, 'write-once'] as const) {
    it(`reads back: no findings, an observation per capture and control, hrefs and hashes of the bundle (${layout ?? 'per-control'})`, async () => {
      const { files, doc } = await bundle(db, SCOPE, 29, layout);
      expect(oscalProblems(doc)).toEqual([]);
      const ar = doc['assessment-results'];
      const text = new TextDecoder().decode(files['oscal/assessment-results.json']);
      expect(text).not.toContain('"findings"');
      expect(text).not.toContain('not-satisfied');
      expect(text).not.toMatch(/"(target|status|state)"\s*:/);
      const [result] = ar.results;
      const obs: Observation[] = result.observations;

      // Exactly one observation for each (capture, control) pair the captures are tagged with.
      const pairs = obs.map((o) => `${propValue(o.props, 'capture-id')} ${propValue(o.props, 'control-id')}`);
      const expected = ids.flatMap((c) => c.tags.map((t) => `${c.id} ${t}`));
      expect([...pairs].sort()).toEqual([...expected].sort());
      expect(new Set(obs.map((o) => o.uuid)).size).toBe(expected.length);
      for (const o of obs) {
        const capture = ids.find((c) => c.id === propValue(o.props, 'capture-id'))!;
        expect(o.collected).toBe(capture.at);
        expect(propValue(o.props, 'framework')).toBe(
          CONTROLS[propValue(o.props, 'control-id') as ControlId].framework,
        );
      }
      expect(
        result['reviewed-controls']['control-selections'][0]['include-controls'].map(
          (c: { 'control-id': string }) => c['control-id'],
        ),
      ).toEqual(['A.5.18', 'A.8.2', 'CC6.1']);

      // Every evidence href is a file of the bundle with the SHA-256 its props give; so are the
      // capture metadata links, and the manifest lists each with the same hash.
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
      const listed = new Map<string, string>(
        manifest.files.map((f: { path: string; sha256: string }) => [f.path, f.sha256]),
      );
      let checked = 0;
      for (const o of obs) {
        expect(o['relevant-evidence']).toHaveLength(1);
        const [e] = o['relevant-evidence'] as [Evidence];
        const path = pathOf(e.href!);
        expect(files[path], path).toBeDefined();
        expect(sha256(files[path]!)).toBe(propValue(e.props, 'image-sha256'));
        expect(listed.get(path)).toBe(propValue(e.props, 'image-sha256'));
        const meta = e.links?.find((l) => l.rel === 'capture-metadata');
        expect(meta).toBeDefined();
        // metadata-sha256 is the record's seal: the SHA-256 of its canonical bytes without the
        // metadataSha256 member (docs/bundle-format.md), checked here on the file's bytes.
        const recordText = new TextDecoder().decode(files[pathOf(meta!.href)]);
        const seal = propValue(e.props, 'metadata-sha256');
        expect(sha256(new TextEncoder().encode(recordText.replace(`,"metadataSha256":"${seal}"`, '')))).toBe(
          seal,
        );
        const record = JSON.parse(recordText);
        expect(record.id).toBe(propValue(o.props, 'capture-id'));
        if (!layout) expect(path.startsWith(`controls/${propValue(o.props, 'control-id')}/`)).toBe(true);
        checked++;
      }
      expect(checked).toBe(6);
      // The distinct images really are distinct: the hash check above could not pass by accident.
      expect(new Set(obs.map((o) => propValue(o['relevant-evidence'][0]!.props, 'image-sha256'))).size).toBe(
        4,
      );
    });
  }

  it('gives every UUID again in a later export of the same scope, and another document for another scope', async () => {
    const first = await bundle(db, SCOPE, 29);
    const again = await bundle(db, { ...SCOPE, controlIds: ['CC6.1', 'A.8.2', 'A.5.18'] }, 30);
    expect(again.fileName).not.toBe(first.fileName);
    expect(again.doc['assessment-results'].metadata['last-modified']).not.toBe(
      first.doc['assessment-results'].metadata['last-modified'],
    );
    const uuids = uuidsIn(first.doc);
    expect(uuids.length).toBeGreaterThan(8);
    expect(uuidsIn(again.doc)).toEqual(uuids);

    const narrower = await bundle(db, { kind: 'selection', controlIds: ['A.5.18', 'CC6.1'] }, 30);
    const docUuid = (d: typeof first) => d.doc['assessment-results'].uuid;
    expect(docUuid(narrower)).not.toBe(docUuid(first));
    expect(narrower.doc['assessment-results'].results[0].uuid).not.toBe(
      first.doc['assessment-results'].results[0].uuid,
    );
    // A capture under a control is the same observation in both documents.
    const obsUuids = (d: typeof first) =>
      new Set(d.doc['assessment-results'].results[0].observations.map((o: Observation) => o.uuid));
    const shared = obsUuids(narrower);
    expect(shared.size).toBe(4);
    for (const u of shared) expect(obsUuids(first).has(u)).toBe(true);
  });
});
