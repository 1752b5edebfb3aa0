import { describe, expect, it } from 'vitest';
import { gate } from '../../../lib/store/map-limit';

describe('gate', () => {
  it('lets at most its limit run at once across callers, each in the order it asked, and passes results and failures through', async () => {
    const requests = gate(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const job = (i: number) =>
      requests(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (i === 4) throw new Error('four failed');
        return i * 10;
      });
    // Two callers sharing the gate, as two batches of a read share it.
    const first = Promise.allSettled([0, 1, 2, 3, 4].map(job));
    const second = Promise.allSettled([5, 6, 7].map(job));
    const results = [...(await first), ...(await second)];
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      0,
      10,
      20,
      30,
      'four failed',
      50,
      60,
      70,
    ]);
  });
});
