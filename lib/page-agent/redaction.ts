import { insideAny, type PageScan, type ScannedSegment, scanPage, toTopDoc } from './dom-scan';
import { findElement } from './locate';
import { buildPageText, matchSegments, overlaps, type SegmentMatch, unionRect } from './text-match';
import type { DocRect, PageText, PageTextScope, RedactionArea, RedactionRules } from './types';

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
function segmentBoxes(s: ScannedSegment, start: number, end: number, win: Window): DocRect[] {
  if (s.source.kind === 'value') return [toTopDoc(s.source.el.getBoundingClientRect(), s.offset, win)];
  return rangeRects(s.source.node, start, end).map((r) => toTopDoc(r, s.offset, win));
}

/** Masks for text matches: one box per line within a text node, the union when a match spans elements or is a field's value. */
function matchAreas(
  scan: PageScan,
  matches: SegmentMatch[],
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

/** Every area to black out, in document coordinates, each with the rule behind it. */
export function findRedactionAreas(
  rules: RedactionRules,
  doc: Document = document,
  win: Window = window,
): RedactionArea[] {
  const patterns = compilePatterns(rules.textPatterns);
  const scan = scanPage(rules.selectors, doc, patterns.length > 0);
  const areas: RedactionArea[] = scan.masked.map(({ el, offset, rule, detail }) => ({
    ...toTopDoc(el.getBoundingClientRect(), offset, win),
    rule,
    detail,
  }));
  if (patterns.length) areas.push(...matchAreas(scan, matchSegments(scan.segments, patterns), rules, win));
  for (const r of rules.manual ?? []) areas.push({ ...r, rule: 'manual', detail: 'drawn by the capturer' });
  // A little margin so anti-aliased glyph edges do not survive the mask.
  return areas
    .filter((a) => a.width > 0 && a.height > 0)
    .map((a) => ({ ...a, x: a.x - 2, y: a.y - 2, width: a.width + 4, height: a.height + 4 }));
}

/** Whether a rendered text node (with its boxes) lies in what was captured. */
type InScope = (node: Text, boxes: readonly DocRect[]) => boolean;

function scopeTest(scope: PageTextScope | undefined, doc: Document, win: Window): InScope {
  switch (scope?.kind) {
    case 'element': {
      const el = new Set([findElement(scope.selector, doc)]);
      return (node) => insideAny(el, node);
    }
    case 'region':
      return (_, boxes) => boxes.some((b) => overlaps(b, scope.rect));
    case 'viewport': {
      const view = { x: win.scrollX, y: win.scrollY, width: win.innerWidth, height: win.innerHeight };
      return (_, boxes) => boxes.some((b) => overlaps(b, view));
    }
    default:
      return () => true;
  }
}

/** Whether any rule applies anywhere in reach, on screen or not (the snapshot would hold it). */
function matchedAnywhere(scan: PageScan, matches: SegmentMatch[], rules: RedactionRules): boolean {
  if (matches.length || rules.manual?.length) return true;
  return scan.masked.some((m) => m.rule === 'selector' || !!(m.el as HTMLInputElement).value);
}

/**
 * The text of what was captured (the scope), with everything redacted in the image also
 * removed: pattern matches, masked elements and text under drawn boxes. Also says whether any
 * rule matched anywhere in the document, and what could not be inspected.
 */
export function redactedPageText(
  rules: RedactionRules & { scope?: PageTextScope },
  doc: Document = document,
  win: Window = window,
): PageText {
  const scan = scanPage(rules.selectors, doc);
  const matches = matchSegments(scan.segments, compilePatterns(rules.textPatterns));
  const inScope = scopeTest(rules.scope, doc, win);
  const manual = rules.manual ?? [];
  const maskedEls = new Set(scan.masked.map((m) => m.el));
  const pieces = scan.segments.map((s) => {
    if (s.source.kind === 'value') return { ...s, outOfScope: true };
    const node = s.source.node;
    const boxes = segmentBoxes(s, 0, node.data.length, win);
    const masked = insideAny(maskedEls, node) || boxes.some((b) => manual.some((box) => overlaps(b, box)));
    // Unrendered text (display: none, collapsed white space) is not part of what was captured.
    return { ...s, outOfScope: !boxes.length || !inScope(node, boxes), masked };
  });
  return {
    ...buildPageText(pieces, matches),
    matchedAnywhere: matchedAnywhere(scan, matches, rules),
    notInspected: scan.notInspected,
  };
}
