import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deleteCapture, saveCapture } from '../../../lib/db/captures-repo';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb, PNG_1X1_BASE64, storeCapture } from '../helpers';
import { appendV1, storeV1Capture, v1DeletionDraft } from '../legacy-ledger';
import { Forged } from './forge';

const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));

describe('evidence older than the ledger', () => {
  it('gets backfilled entries on first export: the bundle verifies, and says the capture time rests on the record', async () => {
    const db = freshDb();
    // Stored by ProofTrail 0.2, before the ledger existed: no entry.
    const r = await sampleRecord(png, { capturedAt: '2025-01-10T10:00:00.000Z' });
    await saveCapture(db, r, new Blob([png], { type: 'image/png' }));
    const report = await verifyBundle(await readZip((await exportToBytes(db)).bytes));
    expect(report.problems).toEqual([]);
    expect(report.warnings).toContainEqual({
      path: 'ledger/000001.json',
      message: expect.stringMatching(
        /^capture 1 was entered in the ledger at .* backfilled .* rests on the record alone$/,
      ),
    });
  });

  it('a deletion recorded by ProofTrail 0.3 (tombstone without deletionId) still exports and verifies', async () => {
    const db = freshDb();
    const r = await storeV1Capture(db, { capturedAt: '2026-11-28T10:00:00.000Z' });
    const by = { name: 'Dana', email: 'dana@example.com' };
    // As 0.3 did it: a version-1 tombstone naming neither the record's id nor its time.
    const d = await deleteCapture(db, r.id, 'wrong page', by);
    await appendV1(db, v1DeletionDraft(d, { v03: true }));
    // Then ProofTrail 0.5 goes on with version-2 entries in the same ledger.
    await storeCapture(db, { capturedAt: '2026-11-28T11:00:00.000Z' });
    const report = await verifyBundle(await readZip((await exportToBytes(db)).bytes));
    expect(report.problems).toEqual([]);
    expect(report.summary.deletions).toBe(1);
  });

  it('a ledger begun by ProofTrail 0.4 goes on in version 2: its version-1 entries keep naming their controls, so one left out of scope still fails', async () => {
    const db = freshDb();
    const dana = { name: 'Dana', email: 'dana@example.com' };
    const ctl = (id: string) => ({
      controlIds: [id],
      controls: [{ id, title: id, framework: 'ISO/IEC 27001:2022' }],
    });
    await storeV1Capture(
      db,
      { ...ctl('A.5.18'), note: 'old in scope', capturedAt: '2026-11-01T10:00:00.000Z' },
      dana,
    );
    await storeV1Capture(
      db,
      { ...ctl('A.8.2'), note: 'old other', capturedAt: '2026-11-02T10:00:00.000Z' },
      dana,
    );
    await storeCapture(db, {
      ...ctl('A.5.18'),
      note: 'new in scope',
      capturedAt: '2026-11-03T10:00:00.000Z',
    });
    await storeCapture(db, { ...ctl('A.8.2'), note: 'new other', capturedAt: '2026-11-04T10:00:00.000Z' });
    const { bytes } = await exportToBytes(db, { scope: { kind: 'selection', controlIds: ['A.5.18'] } });
    const report = await verifyBundle(await readZip(bytes));
    expect(report.problems).toEqual([]);
    expect(report.summary.captures).toBe(2);
    // The version-2 capture for A.8.2 is left out on the exporter's word; the version-1 one visibly out of scope.
    expect(report.notes.map((n) => n.message)).toContainEqual(
      expect.stringMatching(/^1 capture or deletion entry within/),
    );
    const ledger = new TextDecoder().decode(unzipSync(bytes)['ledger.jsonl']);
    expect(ledger.match(/"controlIds"/g)).toHaveLength(2);

    const forged = Forged.fromZip(bytes);
    for (const p of forged.filesOf('old in scope')) forged.delete(p);
    await forged.resign();
    const trimmed = await verifyBundle(await readZip(forged.zip()));
    expect(trimmed.problems).toContainEqual({
      path: 'ledger.jsonl',
      message: expect.stringMatching(
        /^capture [0-9a-f-]{36} \(entry 1\) is missing from the bundle \(removed\?\)$/,
      ),
    });
  });
});
