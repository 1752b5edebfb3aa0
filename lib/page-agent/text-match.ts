import type { DocRect } from './types';

export const REDACTED_TEXT = '[redacted]';

/** A piece of page text in reading order: a text node, or an input's value. */
export interface TextSegment {
  text: string;
  /** True when a block boundary (or a field of its own) separates it from the segment before. */
  breakBefore: boolean;
}

/** A character range inside one segment. */
export interface SegmentPart {
  segment: number;
  start: number;
  end: number;
}

/** One match of one pattern, possibly spanning several segments. */
export interface SegmentMatch {
  pattern: number;
  parts: SegmentPart[];
}

/**
 * Joins segments as a reader sees them (inline pieces run together, blocks are separated by a
 * newline), so `sk_live_` + `abc` in two spans is one string.
 */
export function joinSegments(segments: readonly TextSegment[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  segments.forEach((s, i) => {
    if (i > 0 && s.breakBefore) text += '\n';
    starts.push(text.length);
    text += s.text;
  });
  return { text, starts };
}

/** Every match of every pattern over the joined text, split back into per-segment ranges. */
export function matchSegments(segments: readonly TextSegment[], patterns: readonly RegExp[]): SegmentMatch[] {
  const { text, starts } = joinSegments(segments);
  const found: SegmentMatch[] = [];
  patterns.forEach((re, pattern) => {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (let m = global.exec(text); m; m = global.exec(text)) {
      if (!m[0]) {
        global.lastIndex++;
        continue;
      }
      found.push({ pattern, parts: splitRange(segments, starts, m.index, m.index + m[0].length) });
    }
  });
  return found;
}

function splitRange(
  segments: readonly TextSegment[],
  starts: readonly number[],
  from: number,
  to: number,
): SegmentPart[] {
  const parts: SegmentPart[] = [];
  // Binary search for the segment holding `from`: pages have tens of thousands of segments.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= from) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i < segments.length && starts[i]! < to; i++) {
    const start = Math.max(from, starts[i]!);
    const end = Math.min(to, starts[i]! + segments[i]!.text.length);
    if (end > start) parts.push({ segment: i, start: start - starts[i]!, end: end - starts[i]! });
  }
  return parts;
}

/** The smallest rectangle holding every box (the mask of a match that spans elements). */
export function unionRect(boxes: readonly DocRect[]): DocRect | undefined {
  if (!boxes.length) return undefined;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** Whether two rectangles share any area. */
export function overlaps(a: DocRect, b: DocRect): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}

/** What to keep of a segment in the stored text. */
export interface TextPiece extends TextSegment {
  /** Outside what was captured: left out of the text. */
  outOfScope?: boolean;
  /** Masked whole (a password field, a selector's element, under a drawn box). */
  masked?: boolean;
}

/**
 * The stored page text: segments inside the capture, each matched range and each masked
 * segment replaced by `[redacted]`, white space collapsed as a browser renders it.
 */
export function buildPageText(
  pieces: readonly TextPiece[],
  matches: readonly SegmentMatch[],
): { text: string; redacted: boolean } {
  const ranges = new Map<number, [number, number][]>();
  for (const m of matches)
    for (const p of m.parts) ranges.set(p.segment, [...(ranges.get(p.segment) ?? []), [p.start, p.end]]);
  const lines: string[] = [];
  let line = '';
  let redacted = false;
  // A block boundary before a left-out piece (collapsed white space, a field) still ends the line.
  let pendingBreak = false;
  pieces.forEach((piece, i) => {
    pendingBreak ||= piece.breakBefore;
    if (piece.outOfScope) return;
    if (pendingBreak && line) {
      lines.push(line);
      line = '';
    }
    pendingBreak = false;
    const cut = piece.masked ? [[0, piece.text.length] as [number, number]] : (ranges.get(i) ?? []);
    const kept = cutRanges(piece.text, cut);
    redacted ||= kept !== piece.text;
    // A match that runs on from the previous segment is one redaction, not two.
    const joined = line.endsWith(REDACTED_TEXT) && kept.startsWith(REDACTED_TEXT);
    line += (joined ? kept.slice(REDACTED_TEXT.length) : kept).replace(/\s+/g, ' ');
  });
  if (line) lines.push(line);
  const text = lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  return { text, redacted };
}

function cutRanges(text: string, ranges: readonly [number, number][]): string {
  if (!ranges.length || !text) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of sorted) {
    if (end <= at) continue;
    out += text.slice(at, Math.max(at, start));
    if (!out.endsWith(REDACTED_TEXT)) out += REDACTED_TEXT;
    at = end;
  }
  return out + text.slice(at);
}
