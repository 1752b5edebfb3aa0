import { describe, expect, it } from 'vitest';
import { RecordCache } from '../../../entrypoints/library/record-cache';
import type { ProofTrailDb } from '../../../lib/db/database';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';

const rec = (id: string) => ({ id, pageTitle: `t-${id}` }) as unknown as CaptureMetadata;

describe('RecordCache', () => {
  it('reads what it has not read yet, from the database until told to read through another reader', async () => {
    const fromDb: string[][] = [];
    const db = {
      captures: {
        bulkGet: async (ids: string[]) => {
          fromDb.push(ids);
          return ids.map(rec);
        },
      },
    } as unknown as ProofTrailDb;
    const cache = new RecordCache(db);
    expect(await cache.load(['a', 'b'])).toBe(true);
    expect(fromDb).toEqual([['a', 'b']]);

    const viaWorker: string[][] = [];
    cache.readVia(async (ids) => {
      viaWorker.push(ids);
      return ids.map((id) => (id === 'gone' ? undefined : rec(id)));
    });
    expect(await cache.load(['a', 'b'])).toBe(false);
    expect(await cache.load(['b', 'c', 'gone'])).toBe(true);
    expect(viaWorker).toEqual([['c', 'gone']]);
    expect(fromDb).toHaveLength(1);
    expect(cache.get('c')?.pageTitle).toBe('t-c');
    expect(cache.get('gone')).toBeUndefined();
  });
});
