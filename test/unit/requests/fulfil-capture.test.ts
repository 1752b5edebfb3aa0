import { describe, expect, it, vi } from 'vitest';
import { fulfilAround } from '../../../lib/requests/fulfil-capture';
import { parseRequestList } from '../../../lib/requests/parse-request-list';
import { importRequests } from '../../../lib/requests/requests-repo';
import { freshDb, storeCapture } from '../helpers';

async function dbWithList() {
  const db = freshDb();
  const r = parseRequestList('Request ID,Control,Samples\nPBC-1,CC6.1,S1;S2\n');
  if (!r.ok) throw new Error('list');
  await importRequests(db, r.requests, 'a.csv');
  return db;
}

describe('a capture fulfilling a request', () => {
  it('refuses an unknown request or sample before capturing', async () => {
    const db = await dbWithList();
    const capture = vi.fn();
    await expect(fulfilAround(db, { request: 'PBC-9' }, capture)).rejects.toThrow(
      'There is no request "PBC-9"',
    );
    await expect(fulfilAround(db, { request: 'PBC-1', sample: 'S3' }, capture)).rejects.toThrow(
      'no sample "S3"',
    );
    expect(capture).not.toHaveBeenCalled();
  });

  it('links the capture once it is committed, to its sample or as the population', async () => {
    const db = await dbWithList();
    const a = await fulfilAround(db, { request: 'PBC-1', sample: 'S2' }, () =>
      storeCapture(db, { controlIds: ['CC6.1'] }),
    );
    const p = await fulfilAround(db, { request: 'PBC-1', population: true }, () =>
      storeCapture(db, { controlIds: ['CC6.1'] }),
    );
    const links = await db.requestLinks.toArray();
    expect(links.map((l) => [l.captureId, l.sampleId, l.population])).toEqual(
      expect.arrayContaining([
        [a.id, 'S2', false],
        [p.id, undefined, true],
      ]),
    );
    expect(links).toHaveLength(2);
  });

  it('links nothing when the capture fails', async () => {
    const db = await dbWithList();
    await expect(
      fulfilAround(db, { request: 'PBC-1', sample: 'S1' }, () => Promise.reject(new Error('tab closed'))),
    ).rejects.toThrow('tab closed');
    expect(await db.requestLinks.count()).toBe(0);
    expect((await db.requests.get('PBC-1'))!.status).toBe('open');
  });

  it('says when a saved capture could not be linked (it vanished before the link)', async () => {
    const db = await dbWithList();
    await expect(
      fulfilAround(db, { request: 'PBC-1', sample: 'S1' }, async () => ({ id: 'not-stored' })),
    ).rejects.toThrow(
      /^The capture was saved, but it could not be put forward for request PBC-1: There is no capture not-stored/,
    );
  });
});
