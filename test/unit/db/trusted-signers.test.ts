import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ProofTrailDb } from '../../../lib/db/database';
import {
  findUntrustedSigners,
  listTrustedSigners,
  trustedSignerForEmail,
  trustSigners,
  untrustSigner,
} from '../../../lib/db/trusted-signers-repo';
import type { TrustedSignerRow } from '../../../lib/db/types';
import { freshDb } from '../helpers';

const fp = (c: string) => `${c.repeat(42)}A`;
const row = (c: string, email: string, patch: Partial<TrustedSignerRow> = {}): TrustedSignerRow => ({
  fingerprint: fp(c),
  name: `Signer ${c}`,
  email,
  trustedAt: '2026-01-01T00:00:00.000Z',
  source: 'manual',
  ...patch,
});

describe('trusted signers repository', () => {
  it('trusts, lists by e-mail, and untrusts keys', async () => {
    const db = freshDb();
    const r = await trustSigners(db, [
      row('b', 'bo@x.test'),
      row('a', 'al@x.test', { source: 'signers-file' }),
    ]);
    expect(r.added.map((x) => x.email)).toEqual(['bo@x.test', 'al@x.test']);
    expect((await listTrustedSigners(db)).map((x) => x.email)).toEqual(['al@x.test', 'bo@x.test']);
    expect(await untrustSigner(db, fp('a'))).toBe(true);
    expect(await untrustSigner(db, fp('a'))).toBe(false);
    expect((await listTrustedSigners(db)).map((x) => x.fingerprint)).toEqual([fp('b')]);
  });

  it("replaces an e-mail's old key when a new key is trusted for it (e-mail compared without case)", async () => {
    const db = freshDb();
    await trustSigners(db, [row('a', 'dana@x.test'), row('b', 'bo@x.test')]);
    const r = await trustSigners(db, [row('c', 'Dana@X.test', { source: 'import', from: 'q3.zip' })]);
    expect(r.replaced.map((x) => x.fingerprint)).toEqual([fp('a')]);
    expect((await listTrustedSigners(db)).map((x) => x.fingerprint).sort()).toEqual([fp('b'), fp('c')]);
    expect((await trustedSignerForEmail(db, 'DANA@x.test'))?.from).toBe('q3.zip');
  });

  it('keeps the first "since" when a key is trusted again for the same e-mail, and re-labels it for another', async () => {
    const db = freshDb();
    await trustSigners(db, [row('a', 'dana@x.test')]);
    const again = await trustSigners(db, [
      row('a', 'dana@x.test', { trustedAt: '2026-05-01T00:00:00.000Z' }),
    ]);
    expect(again.unchanged).toHaveLength(1);
    expect((await listTrustedSigners(db))[0]!.trustedAt).toBe('2026-01-01T00:00:00.000Z');
    await trustSigners(db, [row('a', 'dana@new.test')]);
    expect((await listTrustedSigners(db)).map((x) => x.email)).toEqual(['dana@new.test']);
  });

  it.each([
    [[row('a', 'd@x.test', { fingerprint: 'nope' })], /is not a fingerprint/],
    [[row('a', ' ')], /e-mail address is required/],
    [[row('a', 'd@x.test'), row('a', 'e@x.test')], /listed twice/],
    [[row('a', 'd@x.test'), row('b', 'D@x.test')], /two keys .* only one key per e-mail/],
  ])('writes nothing for a bad batch (%#)', async (rows, message) => {
    const db = freshDb();
    await expect(trustSigners(db, rows)).rejects.toThrow(message);
    expect(await db.trustedSigners.count()).toBe(0);
  });

  it("joins the caller's transaction: an import that fails afterwards trusts nothing", async () => {
    const db = freshDb();
    await expect(
      db.transaction('rw', [db.trustedSigners, db.settings], async () => {
        await trustSigners(db, [row('a', 'd@x.test')]);
        await db.settings.put({ key: 'x', value: 1 });
        throw new Error('import failed');
      }),
    ).rejects.toThrow('import failed');
    expect(await db.trustedSigners.count()).toBe(0);
    // A transaction without the table is refused, not silently worked around.
    await expect(
      db.transaction('rw', db.settings, () => trustSigners(db, [row('a', 'd@x.test')])),
    ).rejects.toThrow(/trustedSigners/);
  });

  it('finds the untrusted keys of a bundle: unknown, or changed for a known e-mail or for this device', async () => {
    const db = freshDb();
    await trustSigners(db, [row('a', 'dana@x.test')]);
    const claims = [
      { fingerprint: fp('a'), name: 'Dana', email: 'dana@x.test' },
      { fingerprint: fp('b'), name: 'Dana', email: 'DANA@x.test' },
      { fingerprint: fp('c'), name: 'New', email: 'new@x.test' },
      { fingerprint: fp('d'), name: 'Me?', email: 'me@x.test' },
      { fingerprint: fp('e'), name: 'Me', email: 'me@x.test' },
      { fingerprint: fp('f'), name: 'Ok', email: 'ok@x.test' },
    ];
    const found = await findUntrustedSigners(db, claims, {
      device: { fingerprint: fp('e'), email: 'Me@x.test' },
      trust: [fp('f')],
    });
    expect(found).toEqual([
      {
        fingerprint: fp('b'),
        name: 'Dana',
        email: 'DANA@x.test',
        reason: 'key-changed',
        trustedFingerprint: fp('a'),
      },
      { fingerprint: fp('c'), name: 'New', email: 'new@x.test', reason: 'unknown' },
      {
        fingerprint: fp('d'),
        name: 'Me?',
        email: 'me@x.test',
        reason: 'key-changed',
        trustedFingerprint: fp('e'),
      },
    ]);
  });
});

describe('database version 6 (trusted signers)', () => {
  it('opens a version-5 database with its data intact and an empty trustedSigners table', async () => {
    const name = `v5-${crypto.randomUUID()}`;
    // Version 5 as shipped (copied from database.ts before v6 was appended).
    const old = new Dexie(name);
    old.version(1).stores({
      captures: 'id, capturedAt, *controlIds, pageUrl',
      images: 'captureId',
      thumbnails: 'captureId',
      deletions: 'id, deletedAt, *controlIds, captureId',
      customControls: 'id, framework',
      settings: 'key',
    });
    old.version(2).stores({ pageContext: 'captureId' });
    old.version(3).stores({ keys: 'id', ledger: 'entry.seq' });
    old.version(4).stores({ timestamps: '[seq+tsaUrl], seq, status' });
    old.version(5).stores({
      signers: 'fingerprint',
      foreignLedger: '[key+seq], key',
      foreignTokens: '[key+seq+n], key',
      origins: 'captureId, key',
    });
    await old.table('settings').put({ key: 'identity', value: { name: 'D', email: 'd@x.test' } });
    await old.table('signers').put({ fingerprint: fp('s'), coverage: [] });
    await old.table('origins').put({ captureId: 'c1', key: fp('s'), seq: 1 });
    old.close();

    const db = new ProofTrailDb(name);
    await db.open();
    // Upgraded to the newest version declared.
    expect(db.verno).toBe(12);
    expect(await db.settings.get('identity')).toEqual({
      key: 'identity',
      value: { name: 'D', email: 'd@x.test' },
    });
    expect(await db.signers.count()).toBe(1);
    expect(await db.origins.get('c1')).toMatchObject({ key: fp('s') });
    expect(await db.trustedSigners.count()).toBe(0);
    expect(db.trustedSigners.schema.primKey.keyPath).toBe('fingerprint');
    expect(db.trustedSigners.schema.indexes.map((i) => i.name)).toEqual(['email']);
    await trustSigners(db, [row('a', 'd@x.test')]);
    db.close();

    // Reopened, the rows stay (the upgrade runs once).
    const again = new ProofTrailDb(name);
    expect((await listTrustedSigners(again)).map((r) => r.email)).toEqual(['d@x.test']);
    again.close();
  });
});
