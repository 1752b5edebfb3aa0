import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCapture } from '../../../lib/db/captures-repo';
import { timestampsOf } from '../../../lib/db/timestamps-repo';
import { setTsaSettings } from '../../../lib/db/tsa-settings-repo';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { captureDraft } from '../../../lib/ledger/drafts';
import { entryBytes } from '../../../lib/ledger/entry-bytes';
import { backoffMs, drainTimestampQueue } from '../../../lib/tsa/queue';
import { verifyTimeStamp } from '../../../lib/tsa/response';
import { startTestTsa, type TestTsa } from '../../support/openssl-tsa';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startTestTsa();
}, 60_000);
afterAll(async () => {
  await tsa?.close();
});

describe('timestamp queue', () => {
  it('queues every entry, survives a TSA that is down, and ends with every entry stamped', async () => {
    const db = freshDb();
    await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000 });
    tsa.setUp(false);
    for (let i = 0; i < 3; i++) {
      const r = await sampleRecord(undefined, { note: `capture ${i}` });
      await commitWithLedger(db, captureDraft(r, r.capturer), [db.captures, db.images, db.pageContext], () =>
        saveCapture(db, r, new Blob([new Uint8Array([1, 2, 3])])),
      );
    }
    let clock = new Date();
    const now = () => clock;
    expect(await drainTimestampQueue(db, fetch, now)).toBe(0);
    const failed = await timestampsOf(db, 1);
    expect(failed[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('503'),
    });
    // Not due yet: nothing is sent.
    const sent = tsa.requests();
    expect(await drainTimestampQueue(db, fetch, now)).toBe(0);
    expect(tsa.requests()).toBe(sent);
    // The TSA is back and the backoff has passed: everything gets stamped.
    tsa.setUp(true);
    clock = new Date(clock.getTime() + backoffMs(1) + 1);
    expect(await drainTimestampQueue(db, fetch, now)).toBe(3);
    for (const seq of [1, 2, 3]) {
      const [row] = await timestampsOf(db, seq);
      expect(row).toMatchObject({
        status: 'stamped',
        tsaName: expect.stringContaining('ProofTrail Test TSA'),
      });
      expect(Math.abs(row!.skewMs!)).toBeLessThan(10_000 + backoffMs(1));
      const record = await db.ledger.get(seq);
      const check = await verifyTimeStamp(row!.token!.slice().buffer, entryBytes(record!.entry), [tsa.caDer]);
      expect(check.ok).toBe(true);
    }
  });

  it('refuses a bad TSA address, keeping the old settings', async () => {
    const db = freshDb();
    await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000 });
    await expect(
      setTsaSettings(db, { urls: ['ftp://tsa.example'], skewThresholdMs: 120_000 }),
    ).rejects.toThrow(/http or https/);
  });
});
