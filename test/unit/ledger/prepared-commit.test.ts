import { describe, expect, it } from 'vitest';
import { captureTables, saveCapture } from '../../../lib/db/captures-repo';
import { getDeviceKey } from '../../../lib/db/keys-repo';
import { listLedger } from '../../../lib/db/ledger-repo';
import { GENESIS_PREV } from '../../../lib/formats/schema-ids';
import { verifySignature } from '../../../lib/integrity/signing';
import { commitWithLedger, prepareLedger } from '../../../lib/ledger/commit';
import { captureDraft } from '../../../lib/ledger/drafts';
import { entryBytes, entryHash } from '../../../lib/ledger/entry-bytes';
import { sampleRecord } from '../db/sample-record';
import { freshDb, PNG_1X1_BASE64 } from '../helpers';

const image = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));

async function commit(db: ReturnType<typeof freshDb>, prepared?: ReturnType<typeof prepareLedger>) {
  const r = await sampleRecord(image, { id: crypto.randomUUID() });
  await commitWithLedger(
    db,
    captureDraft(r, r.capturer),
    captureTables(db),
    () => saveCapture(db, r, new Blob([image], { type: 'image/png' })),
    undefined,
    { prepared },
  );
  return r;
}

describe('commitWithLedger with the ledger read ahead', () => {
  it('chains onto the entry appended after the read, not onto the one read', async () => {
    const db = freshDb();
    await commit(db);
    // Read ahead while entry 1 is the last one; then another capture appends entry 2.
    const prepared = prepareLedger(db);
    expect((await prepared).last?.entry.seq).toBe(1);
    await commit(db);
    const third = await commit(db, prepared);
    const ledger = await listLedger(db);
    expect(ledger.map((l) => l.entry.seq)).toEqual([1, 2, 3]);
    expect(ledger[2]?.entry.prev).toBe(ledger[1]?.hash);
    expect(ledger[2]?.entry.subject).toBe(third.id);
    expect(ledger[2]?.hash).toBe(await entryHash(ledger[2]!.entry));
    const key = await getDeviceKey(db);
    expect(await verifySignature(key.publicJwk, entryBytes(ledger[2]!.entry), ledger[2]!.signature)).toBe(
      true,
    );
  });

  it('starts an empty ledger with the first entry, even when read ahead', async () => {
    const db = freshDb();
    const prepared = prepareLedger(db);
    expect((await prepared).last).toBeUndefined();
    const r = await commit(db, prepared);
    const ledger = await listLedger(db);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]?.entry).toMatchObject({ seq: 1, prev: GENESIS_PREV, subject: r.id });
  });

  it('gives captures stored before the ledger existed their entries first, even when read ahead', async () => {
    const db = freshDb();
    const old = await sampleRecord(image, { id: crypto.randomUUID() });
    await saveCapture(db, old, new Blob([image], { type: 'image/png' }));
    const prepared = prepareLedger(db);
    const r = await commit(db, prepared);
    const ledger = await listLedger(db);
    expect(ledger.map((l) => [l.entry.subject, l.entry.content.backfilled ?? false])).toEqual([
      [old.id, true],
      [r.id, false],
    ]);
    expect(ledger[1]?.entry.prev).toBe(ledger[0]?.hash);
  });
});

describe('commitWithLedger stores the event and its entry together or not at all', () => {
  it('keeps no entry when the write fails, and none of what it wrote before failing', async () => {
    const db = freshDb();
    await commit(db);
    const r = await sampleRecord(image, { id: crypto.randomUUID() });
    const failing = commitWithLedger(db, captureDraft(r, r.capturer), captureTables(db), async () => {
      await saveCapture(db, r, new Blob([image], { type: 'image/png' }));
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await db.ledger.count()).toBe(1);
    expect(await db.captures.count()).toBe(1);
    expect(await db.images.count()).toBe(1);
    expect(await db.timestamps.count()).toBe(0);
  });
});
