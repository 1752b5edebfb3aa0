/** The performance mark an export leaves when it ends: its steps' times, for the bench's table. */
export const EXPORT_STEPS_MARK = 'prooftrail-export:steps';

/** Milliseconds per step of one export, in the order the steps were first timed. */
export type ExportSteps = Record<string, number>;

/**
 * Times the steps of one export with performance.now(): `step(name)` closes the step running
 * until now and opens `name`; `time(name, promise)` adds the time spent awaiting a promise to
 * `name` (summed over the captures). `done()` leaves a mark (EXPORT_STEPS_MARK) whose detail is
 * the table, so the bench can read where an export spent its time without any cost to the export.
 */
export class ExportStepTimer {
  private readonly steps: ExportSteps = {};
  private current: string | undefined;
  private since = performance.now();

  step(name: string): void {
    const now = performance.now();
    if (this.current) this.add(this.current, now - this.since);
    this.current = name;
    this.since = now;
  }

  async time<T>(name: string, work: Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work;
    } finally {
      this.add(name, performance.now() - t0);
    }
  }

  add(name: string, ms: number): void {
    this.steps[name] = (this.steps[name] ?? 0) + ms;
  }

  done(): ExportSteps {
    this.step('');
    if (typeof performance.mark === 'function') performance.mark(EXPORT_STEPS_MARK, { detail: this.steps });
    return this.steps;
  }
}
