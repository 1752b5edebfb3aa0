import { type PageScan, type ScannedSegment, scanPage, toTopDoc } from './dom-scan';
import { matchSegments, type SegmentMatch, unionRect } from './text-match';
import type { DocRect, RedactionArea, RedactionRules } from './types';

export { REDACTED_TEXT } from './text-match';

/** Compiles configured text patterns; throws naming the first invalid one. */
export function compilePatterns(sources: readonly string[]): RegExp[] {
  return sources.map((src) => {
    try {
      return new RegExp(src, 'gi');
    } catch (e) {
      throw new Error(`Text pattern "${src}" is not a valid regular expression: ${(e as Error).message}`);
    }
  });
}

function rangeRects(node: Text, start: number, end: number): DOMRect[] {
  const range = node.ownerDocument.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
}

/** The boxes (top-page document coordinates) of a range of one segment. */
export function segmentBoxes(s: ScannedSegment, start: number, end: number, win: Window): DocRect[] {
  if (s.source.kind === 'value') return [toTopDoc(s.source.el.getBoundingClientRect(), s.offset, win)];
  return rangeRects(s.source.node, start, end).map((r) => toTopDoc(r, s.offset, win));
}

/** Masks for whole elements: password fields and the selectors' elements. */
function elementAreas(scan: PageScan, win: Window): RedactionArea[] {
  return scan.masked.map(({ el, offset, rule, detail }) => ({
    ...toTopDoc(el.getBoundingClientRect(), offset, win),
    rule,
    detail,
  }));
}

/** Masks for text matches: one box per line within a text node, the union when a match spans elements or is a field's value. */
function matchAreas(
  scan: PageScan,
  matches: readonly SegmentMatch[],
  rules: RedactionRules,
  win: Window,
): RedactionArea[] {
  const areas: RedactionArea[] = [];
  for (const m of matches) {
    const detail = rules.textPatterns[m.pattern]!;
    const boxes = m.parts.flatMap((p) => segmentBoxes(scan.segments[p.segment]!, p.start, p.end, win));
    const single = m.parts.length === 1 && scan.segments[m.parts[0]!.segment]!.source.kind === 'text';
    const masks = single ? boxes : [unionRect(boxes)].filter((b): b is DocRect => !!b);
    for (const b of masks) areas.push({ ...b, rule: 'text-pattern', detail });
  }
  return areas;
}

/**
 * The areas to black out for a scan and its pattern matches: whole elements, then matches (only
 * those `measured` picks; all by default), then the capturer's boxes, each with a small margin.
 */
export function areasOf(
  scan: PageScan,
  matches: readonly SegmentMatch[],
  rules: RedactionRules,
  win: Window,
  measured: (m: SegmentMatch) => boolean = () => true,
): RedactionArea[] {
  const areas = elementAreas(scan, win);
  areas.push(...matchAreas(scan, matches.filter(measured), rules, win));
  for (const r of rules.manual ?? []) areas.push({ ...r, rule: 'manual', detail: 'drawn by the capturer' });
  // A little margin so anti-aliased glyph edges do not survive the mask.
  return areas
    .filter((a) => a.width > 0 && a.height > 0)
    .map((a) => ({ ...a, x: a.x - 2, y: a.y - 2, width: a.width + 4, height: a.height + 4 }));
}

/** Every area to black out, in document coordinates, each with the rule behind it. */
export function findRedactionAreas(
  rules: RedactionRules,
  doc: Document = document,
  win: Window = window,
): RedactionArea[] {
  const patterns = compilePatterns(rules.textPatterns);
  const scan = scanPage(rules.selectors, doc, patterns.length > 0);
  const matches = patterns.length ? matchSegments(scan.segments, patterns) : [];
  return areasOf(scan, matches, rules, win);
}
