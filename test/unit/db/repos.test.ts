import { describe, expect, it } from 'vitest';
import { deleteCapture, listCaptures, listDeletions, saveCapture } from '../../../lib/db/captures-repo';
import {
  importCustomControls,
  listAllControls,
  listCustomFrameworks,
  removeCustomFramework,
} from '../../../lib/db/catalog-repo';
import { getIdentity, setIdentity } from '../../../lib/db/settings-repo';
import { freshDb } from '../helpers';
import { sampleRecord } from './sample-record';

describe('captures repository', () => {
  it('stores record and image together, or neither', async () => {
    const db = freshDb();
    const record = await sampleRecord();
    await saveCapture(db, record, new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }));
    // The same id again fails on the record: the second image must not be stored either.
    await expect(saveCapture(db, record, new Blob([new Uint8Array([9])]))).rejects.toThrow();
    expect(await db.captures.count()).toBe(1);
    const image = await db.images.get(record.id);
    expect(new Uint8Array(await image!.blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('records a deletion with who, why and the hashes, and removes the image', async () => {
    const db = freshDb();
    const record = await sampleRecord();
    await saveCapture(db, record, new Blob([new Uint8Array([1])]));
    const by = { name: 'Dana', email: 'dana@example.com' };
    await expect(deleteCapture(db, record.id, '  ', by)).rejects.toThrow(/reason/);
    const deletion = await deleteCapture(db, record.id, 'Captured the wrong account', by);
    expect(deletion).toMatchObject({
      captureId: record.id,
      reason: 'Captured the wrong account',
      imageSha256: record.image.sha256,
      deletedBy: by,
    });
    expect(await listCaptures(db)).toEqual([]);
    expect(await db.images.count()).toBe(0);
    expect(await listDeletions(db, 'A.5.18')).toHaveLength(1);
    expect(await listDeletions(db, 'A.8.1')).toHaveLength(0);
    await expect(deleteCapture(db, record.id, 'again', by)).rejects.toThrow(/does not exist/);
  });
});

describe('settings repository', () => {
  it.each([
    [{ name: '', email: 'a@b.c' }, /Name is required/],
    [{ name: 'A', email: 'not-an-email' }, /not a valid address/],
  ])('refuses %j and keeps the old identity', async (bad, message) => {
    const db = freshDb();
    await setIdentity(db, { name: 'Old', email: 'old@example.com' });
    await expect(setIdentity(db, bad)).rejects.toThrow(message);
    expect(await getIdentity(db)).toEqual({ name: 'Old', email: 'old@example.com' });
  });
});

describe('catalog repository', () => {
  it('imports, replaces and removes a custom framework', async () => {
    const db = freshDb();
    await importCustomControls(db, [
      { id: 'K1', title: 'One', framework: 'Internal' },
      { id: 'K2', title: 'Two', framework: 'Internal' },
    ]);
    await importCustomControls(db, [{ id: 'K3', title: 'Three', framework: 'Internal' }]);
    expect(await listCustomFrameworks(db)).toEqual([{ framework: 'Internal', count: 1 }]);
    expect((await listAllControls(db)).some((c) => c.id === 'K3')).toBe(true);
    await removeCustomFramework(db, 'Internal');
    expect(await listCustomFrameworks(db)).toEqual([]);
  });

  it('imports nothing when one ID clashes, keeping what was there', async () => {
    const db = freshDb();
    await importCustomControls(db, [{ id: 'K1', title: 'One', framework: 'Internal' }]);
    await expect(
      importCustomControls(db, [
        { id: 'N1', title: 'Fine', framework: 'Other' },
        { id: 'A.5.1', title: 'Clash', framework: 'Other' },
      ]),
    ).rejects.toThrow('Control ID "A.5.1" is already used by ISO/IEC 27001:2022');
    await expect(
      importCustomControls(db, [{ id: 'X', title: 'x', framework: 'SOC 2 (TSC 2017)' }]),
    ).rejects.toThrow(/built in/);
    expect(await db.customControls.toArray()).toMatchObject([{ id: 'K1', framework: 'Internal' }]);
  });
});
