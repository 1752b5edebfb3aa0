import { describe, expect, it, vi } from 'vitest';
import { serverClockProbes } from '../../../lib/capture/server-clock-probes';

describe('server-clock probes started ahead', () => {
  it('answers a token with the probe it started, once', async () => {
    const probe = vi.fn(async (timeoutMs: number) => ({
      date: `probe ${probe.mock.calls.length} ${timeoutMs}`,
    }));
    const probes = serverClockProbes(probe);
    probes.start('token-one-1', 1500);
    probes.start('token-one-1', 1500); // started once
    expect(probe).toHaveBeenCalledTimes(1);
    expect(await probes.answer(1500, 'token-one-1')).toEqual({ date: 'probe 1 1500' });
    // Asked again, or with a token never started, or with none: a probe made now.
    expect(await probes.answer(900, 'token-one-1')).toEqual({ date: 'probe 2 900' });
    expect(await probes.answer(900, 'token-two-2')).toEqual({ date: 'probe 3 900' });
    expect(await probes.answer(900)).toEqual({ date: 'probe 4 900' });
  });

  it('forgets a probe never asked for once it could no longer be used', async () => {
    vi.useFakeTimers();
    try {
      const probe = vi.fn(async () => ({ date: 'x' }));
      const probes = serverClockProbes(probe, 1000);
      probes.start('token-old-1', 500);
      vi.advanceTimersByTime(1600);
      await probes.answer(500, 'token-old-1');
      expect(probe).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
