// The helpers every part of the bench shares: medians, formatting, progress lines, pauses.

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds, right-aligned in `width` characters before the unit. */
export const ms = (x: number, width = 7) => `${x.toFixed(1).padStart(width)} ms`;

export const MB = 1e6;
export const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
export const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);

/** A progress line on stderr (the figures go to stdout), tagged with the bench part. */
export const progressOf = (part: string) => (text: string) =>
  process.stderr.write(`${part} bench: ${text}\n`);
