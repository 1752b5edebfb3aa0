/**
 * Where one capture's time went, for the bench only (the automation build hands it over; nothing
 * of it is stored with the evidence). Marks split the capture into consecutive steps; calls that
 * run beside other work (a screenshot, a tab read) are summed apart.
 */
export interface StepTimings {
  /** Ends the step running since the previous mark (or the start) and names it. */
  mark(step: string): void;
  /** Adds the time one call took to the total for `call`. */
  add(call: string, ms: number): void;
}

/** storage.session key where the automation build leaves the last capture's timings for the bench. */
export const BENCH_TIMINGS_KEY = 'benchCaptureTimings';

/** One capture's figures in milliseconds: consecutive steps (summing to the whole) and calls. */
export interface StepReport {
  steps: [string, number][];
  calls: Record<string, number>;
}

/** A recorder that keeps every mark; `report()` gives the figures so far. */
export function recordSteps(now: () => number = () => performance.now()): StepTimings & {
  report(): StepReport;
} {
  let last = now();
  const steps: [string, number][] = [];
  const calls: Record<string, number> = {};
  return {
    mark(step) {
      const t = now();
      steps.push([step, t - last]);
      last = t;
    },
    add(call, ms) {
      calls[call] = (calls[call] ?? 0) + ms;
    },
    report: () => ({ steps: steps.map(([s, ms]) => [s, ms]), calls: { ...calls } }),
  };
}

/** Wraps `call` so the time of each of its calls is added to `timings` under `name`. */
export function timedCall<A extends unknown[], R>(
  name: string,
  call: (...args: A) => Promise<R>,
  timings: StepTimings | undefined,
): (...args: A) => Promise<R> {
  if (!timings) return call;
  return async (...args) => {
    const t0 = performance.now();
    try {
      return await call(...args);
    } finally {
      timings.add(name, performance.now() - t0);
    }
  };
}
