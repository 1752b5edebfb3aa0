import { describe, expect, it } from 'vitest';
import { recordSteps, timedCall } from '../../../lib/capture/step-timings';

describe('recordSteps', () => {
  it('splits the time into consecutive named steps and sums calls apart', () => {
    let t = 100;
    const timings = recordSteps(() => t);
    t = 103;
    timings.mark('check');
    t = 110;
    timings.mark('acquire');
    timings.add('tab reads', 2);
    timings.add('tab reads', 3);
    expect(timings.report()).toEqual({
      steps: [
        ['check', 3],
        ['acquire', 7],
      ],
      calls: { 'tab reads': 5 },
    });
  });

  it('counts a call that fails, and passes its failure on', async () => {
    const timings = recordSteps();
    const failing = timedCall('screenshot', async () => Promise.reject(new Error('no tab')), timings);
    await expect(failing()).rejects.toThrow('no tab');
    expect(Object.keys(timings.report().calls)).toEqual(['screenshot']);
  });

  it('leaves the call as it is when nobody asked for timings', () => {
    const call = async () => 1;
    expect(timedCall('screenshot', call, undefined)).toBe(call);
  });
});
