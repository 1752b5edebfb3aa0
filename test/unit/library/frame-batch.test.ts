import { describe, expect, it } from 'vitest';
import { FrameBatch, type FrameClock } from '../../../entrypoints/library/frame-batch';

/** A clock whose frames run when the test says. */
function manualClock() {
  const queued = new Map<number, () => void>();
  let next = 1;
  const clock: FrameClock = {
    request: (fn) => {
      queued.set(next, fn);
      return next++;
    },
    cancel: (id) => void queued.delete(id),
  };
  const frame = () => {
    const fns = [...queued.values()];
    queued.clear();
    for (const fn of fns) fn();
  };
  return { clock, frame, queued };
}

describe('FrameBatch', () => {
  it('does everything asked between two frames once, in the next frame', () => {
    const { clock, frame, queued } = manualClock();
    const flushed: string[][] = [];
    const batch = new FrameBatch<'measure' | 'records'>((k) => flushed.push([...k].sort()), clock);
    batch.ask('records');
    batch.ask('measure');
    batch.ask('records');
    expect(queued.size).toBe(1);
    expect(flushed).toEqual([]);
    frame();
    expect(flushed).toEqual([['measure', 'records']]);
    frame();
    expect(flushed).toHaveLength(1);
  });

  it('asks for a new frame for what is asked during or after a flush', () => {
    const { clock, frame } = manualClock();
    const flushed: string[][] = [];
    const batch = new FrameBatch<'a' | 'b'>((k) => {
      flushed.push([...k]);
      if (k.has('a')) batch.ask('b');
    }, clock);
    batch.ask('a');
    frame();
    frame();
    expect(flushed).toEqual([['a'], ['b']]);
  });

  it('does nothing once cancelled', () => {
    const { clock, frame, queued } = manualClock();
    const flushed: string[][] = [];
    const batch = new FrameBatch<'a'>((k) => flushed.push([...k]), clock);
    batch.ask('a');
    batch.cancel();
    expect(queued.size).toBe(0);
    frame();
    expect(flushed).toEqual([]);
    batch.ask('a');
    frame();
    expect(flushed).toEqual([['a']]);
  });
});
