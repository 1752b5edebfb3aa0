import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureTables, saveCapture } from '../../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../../lib/db/database';
import { timestampsOf } from '../../../lib/db/timestamps-repo';
import { setTsaSettings } from '../../../lib/db/tsa-settings-repo';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { captureDraft } from '../../../lib/ledger/drafts';
import { drainTimestampQueue } from '../../../lib/tsa/queue';
import { chooseTsa, stampingStatus, tsaOriginPattern } from '../../../lib/tsa/stamping-status';
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

async function capture(db: ProofTrailDb): Promise<void> {
  const r = await sampleRecord(undefined, { capturedAt: new Date().toISOString() });
  await commitWithLedger(db, captureDraft(r, r.capturer), captureTables(db), () =>
    saveCapture(db, r, new Blob([new Uint8Array([1, 2, 3])])),
  );
}

describe('whether captures are being timestamped', () => {
  it('off, then chosen in one call (earlier entries queued too), failing while the TSA is down, then untrusted or ok', async () => {
    const db = freshDb();
    expect(await stampingStatus(db)).toEqual({ kind: 'off' });
    await capture(db); // before any TSA: no request queued
    expect(await timestampsOf(db, 1)).toEqual([]);
    await chooseTsa(db, tsa.url);
    expect(await timestampsOf(db, 1)).toMatchObject([{ tsaUrl: tsa.url, status: 'pending' }]);
    expect(await stampingStatus(db)).toEqual({ kind: 'ok', waiting: 1 });
    tsa.setUp(false);
    await drainTimestampQueue(db);
    expect(await stampingStatus(db)).toMatchObject({
      kind: 'failing',
      waiting: 1,
      tsaUrl: tsa.url,
      lastError: expect.stringContaining('503'),
    });
    tsa.setUp(true);
    await drainTimestampQueue(db, fetch, () => new Date(), true);
    expect(await stampingStatus(db)).toMatchObject({
      kind: 'untrusted',
      tsaName: expect.stringContaining('TSA'),
    });
    await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000, rootsPem: tsa.caPem });
    await capture(db);
    await drainTimestampQueue(db);
    expect(await stampingStatus(db)).toEqual({ kind: 'ok', waiting: 0 });
  });

  it('asks for the TSA origin without its port', () => {
    expect(tsaOriginPattern('http://127.0.0.1:8123/tsa')).toBe('http://127.0.0.1/*');
    expect(tsaOriginPattern('https://timestamp.digicert.com')).toBe('https://timestamp.digicert.com/*');
  });
});
