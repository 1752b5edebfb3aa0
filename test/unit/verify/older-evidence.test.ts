import { describe, expect, it } from 'vitest';
import { deleteCapture, saveCapture } from '../../../lib/db/captures-repo';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb, PNG_1X1_BASE64, storeCapture } from '../helpers';
import { appendV1, storeV1Capture, v1DeletionDraft } from '../legacy-ledger';

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
});
