import { Inflate } from 'fflate';
import { BundleReadError } from '../verify/archive';
import { refuse } from './refuse';

/**
 * Compressed bytes handed to the inflater at once. Deflate expands at most 1032:1, so one push
 * yields at most ~16.5 MB: the most that is ever inflated past a size limit before it is noticed.
 */
export const INFLATE_PUSH = 16 << 10;

/** fflate 0.8's Inflate keeps its state in `s` (f: final block begun, l: inside a block) and unread input in `p`. */
interface InflateInternals {
  s: { f?: number; l?: unknown; p?: number };
  p: Uint8Array;
}

/**
 * Whether the deflate stream has ended, and how many compressed bytes the inflater holds past its
 * end. fflate has no public API for this; without it, bytes after the end would be buffered
 * silently, so a change of fflate's internals must fail loudly (the unit tests catch it).
 */
function streamEnd(inflate: Inflate): { ended: boolean; unread: number } {
  const inner = inflate as unknown as InflateInternals;
  if (typeof inner.s !== 'object' || !(inner.p instanceof Uint8Array))
    throw new Error('fflate Inflate internals changed: cannot tell where a deflate stream ends');
  const ended = !!inner.s.f && !inner.s.l;
  // After a push the unread input starts at the byte holding bit `s.p`; a partly read byte is not extra.
  return { ended, unread: ended ? inner.p.byteLength - ((inner.s.p ?? 0) & 7 ? 1 : 0) : 0 };
}

/**
 * A streaming inflater for one entry. Output is handed to `out` as it is produced; past `size`
 * bytes it stops with a BundleReadError, as it does when the stream ends before or after its
 * `compressedSize` bytes, or inflates to fewer than `size` bytes.
 */
export class EntryInflater {
  private readonly inflate: Inflate;
  private produced = 0;
  private pushed = 0;

  constructor(
    private readonly name: string,
    private readonly size: number,
    private readonly compressedSize: number,
    out: (chunk: Uint8Array) => void,
  ) {
    this.inflate = new Inflate((chunk) => {
      this.produced += chunk.byteLength;
      if (this.produced > size)
        throw refuse(name, `it inflates to more than the ${size} bytes it declares (stopped there)`);
      if (chunk.byteLength) out(chunk);
    });
  }

  /** Inflates the next compressed chunk, INFLATE_PUSH bytes at a time; `last` for the final one. */
  push(chunk: Uint8Array, last: boolean): void {
    for (let i = 0; i < chunk.byteLength || (last && i === 0); i += INFLATE_PUSH) {
      const piece = chunk.subarray(i, i + INFLATE_PUSH);
      const final = last && i + INFLATE_PUSH >= chunk.byteLength;
      this.pushed += piece.byteLength;
      try {
        this.inflate.push(piece, final);
      } catch (e) {
        if (e instanceof BundleReadError) throw e;
        const what = e instanceof Error ? e.message : String(e);
        throw refuse(
          this.name,
          /unexpected EOF/.test(what)
            ? `its deflate data does not end within its ${this.compressedSize} compressed bytes (truncated or damaged)`
            : `its deflate data is damaged (${what})`,
        );
      }
      const { ended, unread } = streamEnd(this.inflate);
      if (final && !ended)
        throw refuse(
          this.name,
          `its deflate data does not end within its ${this.compressedSize} compressed bytes (truncated or damaged)`,
        );
      const extra = unread + (this.compressedSize - this.pushed);
      if (ended && extra > 0)
        throw refuse(
          this.name,
          `its deflate data ends ${extra} bytes before its ${this.compressedSize} compressed bytes do (data hidden after it)`,
        );
      if (final && this.produced !== this.size)
        throw refuse(this.name, `it inflates to ${this.produced} bytes, not the ${this.size} it declares`);
    }
  }
}
