import { describe, expect, it } from 'vitest';
import { saveCapture } from '../../../lib/db/captures-repo';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb, PNG_1X1_BASE64 } from '../helpers';

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
});
