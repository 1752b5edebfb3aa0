import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_STEPS_MARK, ExportStepTimer } from '../../../lib/bundle/export-steps';

describe('ExportStepTimer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    performance.clearMarks(EXPORT_STEPS_MARK);
  });

  it('gives each step the time until the next, sums awaited parts, and leaves its table in a mark', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const timer = new ExportStepTimer();
    timer.step('plan');
    now = 5;
    timer.step('captures');
    for (const wait of [3, 4]) {
      const done = timer.time(
        'captures: read',
        Promise.resolve().then(() => (now += wait)),
      );
      await done;
    }
    now = 20;
    timer.add('(sink)', 2);
    const steps = timer.done();
    expect(steps).toEqual({ plan: 5, 'captures: read': 7, captures: 15, '(sink)': 2 });
    const mark = performance.getEntriesByName(EXPORT_STEPS_MARK, 'mark').at(-1) as PerformanceMark;
    expect(mark.detail).toEqual(steps);
  });
});
