import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureTables, saveCapture } from '../../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../../lib/db/database';
import { timestampsOf } from '../../../lib/db/timestamps-repo';
import { getTsaSettings, setTsaSettings, settingsTsaRoots } from '../../../lib/db/tsa-settings-repo';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { captureDraft } from '../../../lib/ledger/drafts';
import { entryBytes } from '../../../lib/ledger/entry-bytes';
import { backoffMs, type CheckedTimestampRow, drainTimestampQueue } from '../../../lib/tsa/queue';
import { verifyTimeStamp } from '../../../lib/tsa/response';
import { startTestTsa, type TestTsa, type TsaProfile } from '../../support/openssl-tsa';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startTestTsa();
}, 60_000);
afterAll(async () => {
  await tsa?.close();
});

async function capture(db: ProofTrailDb, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await sampleRecord(undefined, { note: `capture ${i}` });
    await commitWithLedger(db, captureDraft(r, r.capturer), captureTables(db), () =>
      saveCapture(db, r, new Blob([new Uint8Array([1, 2, 3])])),
    );
  }
}

const rowOf = async (db: ProofTrailDb, seq: number) =>
  (await timestampsOf(db, seq))[0] as CheckedTimestampRow | undefined;

describe('timestamp queue', () => {
  it('queues every entry, survives a TSA that is down, and ends with every entry stamped and checked', async () => {
    const db = freshDb();
    await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000 });
    tsa.setUp(false);
    await capture(db, 3);
    let clock = new Date();
    const now = () => clock;
    expect(await drainTimestampQueue(db, fetch, now)).toBe(0);
    expect(await rowOf(db, 1)).toMatchObject({
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
      const row = await rowOf(db, seq);
      // The test root is in neither the default set nor Settings: kept, marked as an unknown root.
      expect(row).toMatchObject({
        status: 'stamped',
        tsaName: expect.stringContaining('ProofTrail Test TSA'),
        rootTrusted: false,
        untrustedRoot: expect.stringContaining('"CN=ProofTrail Test Root CA" is not a trusted TSA root'),
      });
      expect(row!.lastError).toBeUndefined();
      expect(Math.abs(row!.skewMs!)).toBeLessThan(10_000 + backoffMs(1));
      const record = await db.ledger.get(seq);
      const check = await verifyTimeStamp(row!.token!, entryBytes(record!.entry), {
        trustedRoots: [tsa.caDer],
      });
      expect(check).toMatchObject({ ok: true, rootTrusted: true });
    }
  });

  it('marks replies as from a trusted root when the root is added in Settings (also without the root in the token)', async () => {
    const db = freshDb();
    await setTsaSettings(db, {
      urls: [tsa.url, tsa.urlOf('intermediate')],
      skewThresholdMs: 120_000,
      rootsPem: `Test root, pasted with a comment line\n${tsa.caPem}`,
    });
    await capture(db, 1);
    expect(await drainTimestampQueue(db)).toBe(2);
    const rows = (await timestampsOf(db, 1)) as CheckedTimestampRow[];
    expect(rows.map((r) => [r.tsaUrl, r.status, r.rootTrusted])).toEqual(
      expect.arrayContaining([
        [tsa.url, 'stamped', true],
        [tsa.urlOf('intermediate'), 'stamped', true],
      ]),
    );
  });

  it.each<[TsaProfile, RegExp]>([
    ['no-eku', /reply was refused: .*"CN=ProofTrail Test Code Signer.*has no extendedKeyUsage/],
    ['eku-not-critical', /reply was refused: .*not critical/],
    ['expired', /reply was refused: .*had expired at the token's time/],
    ['replay', /reply was refused: the token stamps .*, not this data/],
  ])('never keeps a bad reply (%s): retried with backoff, the reason recorded', async (profile, reason) => {
    const db = freshDb();
    await setTsaSettings(db, { urls: [tsa.urlOf(profile)], skewThresholdMs: 120_000, rootsPem: tsa.caPem });
    await capture(db, 1);
    const clock = new Date();
    expect(await drainTimestampQueue(db, fetch, () => clock)).toBe(0);
    const first = await rowOf(db, 1);
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(reason),
      nextAttemptAt: new Date(clock.getTime() + backoffMs(1)).toISOString(),
    });
    expect(first!.token).toBeUndefined();
    expect(first!.genTime).toBeUndefined();
    const later = new Date(clock.getTime() + backoffMs(1) + 1);
    expect(await drainTimestampQueue(db, fetch, () => later)).toBe(0);
    expect(await rowOf(db, 1)).toMatchObject({
      status: 'pending',
      attempts: 2,
      nextAttemptAt: new Date(later.getTime() + backoffMs(2)).toISOString(),
    });
  });

  it('refuses a reply that is not a timestamp, and one with a nonce of another request', async () => {
    const db = freshDb();
    await setTsaSettings(db, { urls: ['https://tsa.example/tsr'], skewThresholdMs: 120_000 });
    await capture(db, 2);
    const garbage = async () => new Response('<html>maintenance</html>', { status: 200 });
    expect(await drainTimestampQueue(db, garbage)).toBe(0);
    expect((await rowOf(db, 1))?.lastError).toMatch(/reply was refused: the timestamp reply is not DER/);
    // A TSA (or a proxy) answering with a genuine reply to the same hash but another request.
    const stale = async (_url: string, init: RequestInit) => {
      const query = new Uint8Array(init.body as ArrayBuffer);
      const other = query.slice();
      other[other.length - 4] = other[other.length - 4]! ^ 0x01; // inside the nonce
      return new Response(await tsa.reply(other), { status: 200 });
    };
    expect(await drainTimestampQueue(db, stale, () => new Date(), true)).toBe(0);
    expect((await rowOf(db, 2))?.lastError).toMatch(/nonce is not the one sent/);
  });

  it('refuses a bad TSA address or bad roots, keeping the old settings', async () => {
    const db = freshDb();
    await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000, rootsPem: tsa.caPem });
    await expect(
      setTsaSettings(db, { urls: ['ftp://tsa.example'], skewThresholdMs: 120_000 }),
    ).rejects.toThrow(/http or https/);
    await expect(
      setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000, rootsPem: 'my root' }),
    ).rejects.toThrow(/Trusted TSA roots: No certificate found/);
    const broken = `${tsa.caPem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`;
    await expect(
      setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000, rootsPem: broken }),
    ).rejects.toThrow(/Certificate 2 of 2 is not an X.509 certificate/);
    expect(await settingsTsaRoots(db)).toEqual([tsa.caDer]);
    // Leaving the roots out keeps them; '' removes them.
    await setTsaSettings(db, { urls: [], skewThresholdMs: 60_000 });
    expect((await getTsaSettings(db)).rootsPem).toContain('BEGIN CERTIFICATE');
    await setTsaSettings(db, { urls: [], skewThresholdMs: 60_000, rootsPem: '  ' });
    expect(await settingsTsaRoots(db)).toEqual([]);
  });
});
