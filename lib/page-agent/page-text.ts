import { insideAny, type PageScan, scanPage } from './dom-scan';
import { findElement } from './locate';
import { compilePatterns, segmentBoxes } from './redaction';
import { buildPageText, matchSegments, overlaps, type SegmentMatch } from './text-match';
import type { DocRect, PageText, PageTextScope, RedactionRules } from './types';

/** Each segment's rendered boxes (empty when not rendered), or undefined for a field's value. */
export type SegmentBoxes = (DocRect[] | undefined)[];

/** Measures every text segment whole (top-page document coordinates). */
export function measureSegments(scan: PageScan, win: Window): SegmentBoxes {
  return scan.segments.map((s) =>
    s.source.kind === 'text' ? segmentBoxes(s, 0, s.source.node.data.length, win) : undefined,
  );
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
function matchedAnywhere(scan: PageScan, matches: readonly SegmentMatch[], rules: RedactionRules): boolean {
  if (matches.length || rules.manual?.length) return true;
  return scan.masked.some((m) => m.rule === 'selector' || !!(m.el as HTMLInputElement).value);
}

/** The page text of a scan whose segments were matched and measured (see `redactedPageText`). */
export function pageTextOf(
  scan: PageScan,
  matches: readonly SegmentMatch[],
  boxes: SegmentBoxes,
  rules: RedactionRules & { scope?: PageTextScope },
  doc: Document,
  win: Window,
): PageText {
  const inScope = scopeTest(rules.scope, doc, win);
  const manual = rules.manual ?? [];
  const maskedEls = new Set(scan.masked.map((m) => m.el));
  const pieces = scan.segments.map((s, i) => {
    const b = boxes[i];
    // Values stay out; so does unrendered text (display: none, collapsed white space): it is not part of what was captured.
    if (s.source.kind === 'value' || !b?.length || !inScope(s.source.node, b))
      return { ...s, outOfScope: true };
    const masked =
      insideAny(maskedEls, s.source.node) || b.some((x) => manual.some((box) => overlaps(x, box)));
    return { ...s, masked };
  });
  return {
    ...buildPageText(pieces, matches),
    matchedAnywhere: matchedAnywhere(scan, matches, rules),
    notInspected: scan.notInspected,
  };
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
  return pageTextOf(scan, matches, measureSegments(scan, win), rules, doc, win);
}
