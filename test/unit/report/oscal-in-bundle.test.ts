import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importBundle } from '../../../lib/import/import-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';
import { oscalProblems } from './oscal-schema';

describe('OSCAL in an exported bundle', () => {
  it('is valid against the NIST schema, with an observation per capture and control and no findings', async () => {
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
    expect(oscalProblems(doc)).toEqual([]);
    expect(doc['assessment-results'].metadata['oscal-version']).toBe('1.2.2');
    const result = doc['assessment-results'].results[0];
    // Own capture under A.5.18 and under CC6.1, the teammate's under CC6.1.
    expect(result.observations).toHaveLength(3);
    expect(result.findings).toBeUndefined();
    expect(
      result['reviewed-controls']['control-selections'][0]['include-controls'].map(
        (c: { 'control-id': string }) => c['control-id'],
      ),
    ).toEqual(['A.5.18', 'CC6.1']);
    for (const o of result.observations)
      for (const e of o['relevant-evidence'] ?? []) expect(files[e.href]).toBeDefined();
  });
});
