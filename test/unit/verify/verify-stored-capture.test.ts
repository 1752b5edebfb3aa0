import { describe, expect, it } from 'vitest';
import { captureTables, saveCapture } from '../../../lib/db/captures-repo';
import { getDeviceKey } from '../../../lib/db/keys-repo';
import { listLedger } from '../../../lib/db/ledger-repo';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { captureDraft } from '../../../lib/ledger/drafts';
import { verifyStoredCapture } from '../../../lib/verify/verify-stored-capture';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

describe("verifyStoredCapture (the library page's check)", () => {
  it('passes an intact capture and names what changed otherwise', async () => {
    const db = freshDb();
    const bytes = new Uint8Array([1, 2, 3]);
    const r = await sampleRecord(bytes);
    await commitWithLedger(db, captureDraft(r, r.capturer), captureTables(db), () =>
      saveCapture(db, r, new Blob([bytes])),
    );
    const ledger = await listLedger(db);
    const key = (await getDeviceKey(db)).publicJwk;
    const good = await verifyStoredCapture(r, new Blob([bytes]), ledger, key, []);
    expect(good).toEqual({
      ok: true,
      lines: expect.arrayContaining(["OK ledger entry #1 is intact and signed by this device's key"]),
    });
    const badImage = await verifyStoredCapture(r, new Blob([new Uint8Array([9])]), ledger, key, []);
    expect(badImage.lines).toContain('FAIL the image no longer matches its hash');
    const edited = await verifyStoredCapture({ ...r, note: 'changed' }, new Blob([bytes]), ledger, key, []);
    expect(edited.lines).toContain('FAIL the record no longer matches its metadata hash');
    const otherKey = (await getDeviceKey(freshDb())).publicJwk;
    expect((await verifyStoredCapture(r, new Blob([bytes]), ledger, otherKey, [])).lines.join('\n')).toMatch(
      /signature of ledger entry #1 does not verify/,
    );
  });
});
