/** The frame scheduling a FrameBatch uses (the window's, or a test's). */
export interface FrameClock {
  request(fn: () => void): number;
  cancel(id: number): void;
}

const windowClock: FrameClock = {
  request: (fn) => requestAnimationFrame(fn),
  cancel: (id) => cancelAnimationFrame(id),
};

/**
 * Work asked for between frames, done once in the next animation frame: `flush` receives every
 * kind asked since the last frame, so a scroll's measurement and the records that landed meanwhile
 * are applied together, in one render a frame, instead of one render per arrival.
 */
export class FrameBatch<K extends string> {
  private pending = new Set<K>();
  private id = 0;

  constructor(
    private readonly flush: (kinds: ReadonlySet<K>) => void,
    private readonly clock: FrameClock = windowClock,
  ) {}

  /** Asks for `kind` in the next frame (once, however often asked before it). */
  ask(kind: K): void {
    this.pending.add(kind);
    this.id ||= this.clock.request(this.run);
  }

  /** Drops what was asked and not done yet. */
  cancel(): void {
    if (this.id) this.clock.cancel(this.id);
    this.id = 0;
    this.pending = new Set();
  }

  private readonly run = () => {
    this.id = 0;
    const kinds = this.pending;
    this.pending = new Set();
    this.flush(kinds);
  };
}
