import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importBundle } from '../../../lib/import/import-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

const schema = JSON.parse(readFileSync('docs/schemas/oscal_assessment-results_schema-1.0.6.json', 'utf8'));
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('OSCAL in an exported bundle', () => {
  it('is valid against the official schema, with an observation per capture and a finding per control', async () => {
    const teammate = freshDb();
    await storeCapture(teammate, {
      controlIds: ['CC6.1'],
      controls: [{ id: 'CC6.1', title: 'Logical access', framework: 'SOC 2 (TSC 2017)' }],
      pageTitle: '<script>alert(1)</script> [x](javascript:alert(1))',
      capturer: { name: 'Lee', email: 'lee@example.com' },
    });
    const db = freshDb();
    await storeCapture(db, {
      controlIds: ['A.5.18', 'CC6.1'],
      controls: [
        { id: 'A.5.18', title: 'Access rights', framework: 'ISO/IEC 27001:2022' },
        { id: 'CC6.1', title: 'Logical access', framework: 'SOC 2 (TSC 2017)' },
      ],
      capturedAt: '2026-11-28T09:00:00.000Z',
    });
    await importBundle(db, (await exportToBytes(teammate)).bytes, {
      fileName: 'lee.zip',
      actor: { name: 'Carol', email: 'carol@example.com' },
      trust: [(await teammate.keys.get('device'))!.fingerprint],
    });
    const files = unzipSync((await exportToBytes(db)).bytes);
    const doc = JSON.parse(new TextDecoder().decode(files['oscal/assessment-results.json']));
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    const result = doc['assessment-results'].results[0];
    expect(result.observations).toHaveLength(2);
    expect(result.findings.map((f: { title: string }) => f.title).join(' ')).toMatch(
      /A\.5\.18[\s\S]*CC6\.1|CC6\.1[\s\S]*A\.5\.18/,
    );
    expect(result.findings).toHaveLength(2);
    for (const o of result.observations)
      for (const e of o['relevant-evidence'] ?? []) expect(files[e.href]).toBeDefined();
  });
});
