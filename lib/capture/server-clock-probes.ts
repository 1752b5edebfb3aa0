import type { ServerClockReading } from './server-clock';

/**
 * Server-clock probes started ahead of their answer, by token (page side): a capture that does not
 * scroll starts its probe with the page's inspection (one message beside the screenshot) and asks
 * for the answer once the frame is taken. A token is answered once; one never asked for is
 * forgotten once its probe could no longer be used (`keepMs` after it started).
 */
export function serverClockProbes(
  probe: (timeoutMs: number) => Promise<ServerClockReading>,
  keepMs = 10_000,
) {
  const started = new Map<string, Promise<ServerClockReading>>();
  return {
    /** Starts the probe for `token` (a token already started keeps its probe). */
    start(token: string, timeoutMs: number): void {
      if (started.has(token)) return;
      started.set(token, probe(timeoutMs));
      setTimeout(() => started.delete(token), keepMs + timeoutMs);
    },
    /** The answer of `token`'s probe, taken once; without one (or a token), a probe started now. */
    answer(timeoutMs: number, token?: string): Promise<ServerClockReading> {
      const ahead = token === undefined ? undefined : started.get(token);
      if (token !== undefined) started.delete(token);
      return ahead ?? probe(timeoutMs);
    },
  };
}
