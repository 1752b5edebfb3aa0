import { describe, expect, it } from 'vitest';
import { parseRequestList } from '../../../lib/requests/parse-request-list';
import {
  checkFulfilment,
  importRequests,
  linkCapture,
  listRequests,
  progressOf,
  setRequestStatus,
  unlinkCapture,
} from '../../../lib/requests/requests-repo';
import { freshDb, storeCapture } from '../helpers';

const parse = (text: string) => {
  const r = parseRequestList(text);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.requests;
};
const LIST =
  'Request ID,Control,Description,Due,Samples\nPBC-1,CC6.1,Access review,2026-03-31,CHG-1;CHG-2\nPBC-2,CC8.1,Change policy,,\n';

describe('request store', () => {
  it('stores a list in one go, and a re-import updates description, due and samples but keeps links and status', async () => {
    const db = freshDb();
    expect(await importRequests(db, parse(LIST), 'pbc.csv')).toEqual({ added: 2, updated: 0 });
    const cap = await storeCapture(db, { controlIds: ['CC6.1'] });
    await linkCapture(db, { captureId: cap.id, requestId: 'PBC-1', sampleId: 'CHG-1' });
    expect((await db.requests.get('PBC-1'))!.status).toBe('in-progress');
    const again =
      'Request ID,Control,Description,Due,Samples\nPBC-1,CC6.1,Access review Q1,2026-04-15,CHG-1;CHG-2;CHG-3\n';
    expect(await importRequests(db, parse(again), 'pbc-v2.csv')).toEqual({ added: 0, updated: 1 });
    const row = (await db.requests.get('PBC-1'))!;
    expect(row).toMatchObject({
      description: 'Access review Q1',
      due: '2026-04-15',
      samples: [{ id: 'CHG-1' }, { id: 'CHG-2' }, { id: 'CHG-3' }],
      status: 'in-progress',
      source: { file: 'pbc-v2.csv', line: 2 },
    });
    expect(await db.requestLinks.count()).toBe(1);
    expect((await listRequests(db)).map((r) => r.id)).toEqual(['PBC-1', 'PBC-2']);
  });

  it('refuses a re-import that drops a sample a capture fulfils, changing nothing', async () => {
    const db = freshDb();
    await importRequests(db, parse(LIST), 'pbc.csv');
    const cap = await storeCapture(db, { controlIds: ['CC6.1'] });
    await linkCapture(db, { captureId: cap.id, requestId: 'PBC-1', sampleId: 'CHG-2' });
    const dropping = 'Request ID,Control,Description,Samples\nPBC-2,CC8.1,New text,\nPBC-1,CC6.1,x,CHG-1\n';
    const err = await importRequests(db, parse(dropping), 'b.csv').catch((e) => e);
    expect(err.problems).toEqual([
      'line 3 (request PBC-1): sample CHG-2 is no longer listed, but captures fulfil it; unlink them first or keep the sample',
    ]);
    expect((await db.requests.get('PBC-2'))!.description).toBe('Change policy');
  });

  it('allows ready only when every sample has a capture, and says which do not', async () => {
    const db = freshDb();
    await importRequests(db, parse(LIST), 'pbc.csv');
    await expect(setRequestStatus(db, 'PBC-1', 'ready')).rejects.toThrow(
      'Request PBC-1 cannot be ready: samples CHG-1, CHG-2 have no capture yet.',
    );
    await expect(setRequestStatus(db, 'PBC-2', 'submitted')).rejects.toThrow(
      'Request PBC-2 cannot be submitted: no capture fulfils it yet.',
    );
    const a = await storeCapture(db, { controlIds: ['CC6.1'] });
    const b = await storeCapture(db, { controlIds: ['CC6.1'] });
    const pop = await storeCapture(db, { controlIds: ['CC6.1'] });
    await linkCapture(db, { captureId: a.id, requestId: 'PBC-1', sampleId: 'CHG-1' });
    await linkCapture(db, { captureId: pop.id, requestId: 'PBC-1', population: true });
    await expect(setRequestStatus(db, 'PBC-1', 'ready')).rejects.toThrow('sample CHG-2 has no capture yet');
    await linkCapture(db, { captureId: b.id, requestId: 'PBC-1', sampleId: 'CHG-2' });
    await setRequestStatus(db, 'PBC-1', 'ready');
    const progress = await progressOf(db, (await db.requests.get('PBC-1'))!);
    expect(progress).toEqual({
      samples: [
        { id: 'CHG-1', status: 'captured', captureIds: [a.id] },
        { id: 'CHG-2', status: 'captured', captureIds: [b.id] },
      ],
      population: [pop.id],
      whole: [],
    });
    // Taking a sample's only capture away puts the request back in progress.
    await unlinkCapture(db, b.id, 'PBC-1');
    expect((await db.requests.get('PBC-1'))!.status).toBe('in-progress');
    await expect(setRequestStatus(db, 'PBC-1', 'closed' as never)).rejects.toThrow(
      '"closed" is not a request status',
    );
  });

  it('a re-import adding an uncaptured sample to a ready request puts it back in progress', async () => {
    const db = freshDb();
    await importRequests(db, parse('Request ID,Control,Samples\nR,CC1.1,S1\n'), 'a.csv');
    const a = await storeCapture(db, { controlIds: ['CC1.1'] });
    await linkCapture(db, { captureId: a.id, requestId: 'R', sampleId: 'S1' });
    await setRequestStatus(db, 'R', 'ready');
    await importRequests(db, parse('Request ID,Control,Samples\nR,CC1.1,S1;S2\n'), 'b.csv');
    expect((await db.requests.get('R'))!.status).toBe('in-progress');
  });

  it('checks a fulfilment before capturing: request, sample, population', async () => {
    const db = freshDb();
    await importRequests(db, parse(LIST), 'pbc.csv');
    await expect(checkFulfilment(db, { request: 'NOPE' })).rejects.toThrow(
      'There is no request "NOPE" in the library; import the request list first.',
    );
    await expect(checkFulfilment(db, { request: 'PBC-1', sample: 'CHG-9' })).rejects.toThrow(
      'Request PBC-1 has no sample "CHG-9" (its samples: CHG-1, CHG-2).',
    );
    await expect(
      checkFulfilment(db, { request: 'PBC-1', sample: 'CHG-1', population: true }),
    ).rejects.toThrow('either one sample of a request or its population');
    await expect(checkFulfilment(db, { sample: 'CHG-1' })).rejects.toThrow('only with a request named');
    expect((await checkFulfilment(db, { request: 'PBC-1', sample: 'CHG-1' }))!.id).toBe('PBC-1');
    await expect(linkCapture(db, { captureId: 'missing', requestId: 'PBC-1' })).rejects.toThrow(
      'There is no capture missing in the library.',
    );
  });
});
