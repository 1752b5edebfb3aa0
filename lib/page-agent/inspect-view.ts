import { scanPage } from './dom-scan';
import { mayShowIn, VIEW_SLACK, viewRect } from './in-view';
import { measureSegments, pageTextOf } from './page-text';
import { areasOf, compilePatterns } from './redaction';
import { matchSegments, overlaps } from './text-match';
import type { RedactionRules, ViewInspection, ViewScope } from './types';

/**
 * The masks and the page text of a capture that does not scroll (visible area, region), from one
 * walk of the page and one run of each pattern, in one synchronous pass: both describe the same
 * DOM. Every segment is measured whole for the text anyway; a match is measured exactly only
 * when its text shows near the viewport, which is all the screenshot can hold, and only areas
 * near the viewport are sent back (a long table's thousands of off-screen masks would only be
 * serialised, sent and dropped).
 */
export function inspectView(
  request: RedactionRules & { scope: ViewScope },
  doc: Document = document,
  win: Window = window,
): ViewInspection {
  const patterns = compilePatterns(request.textPatterns);
  const scan = scanPage(request.selectors, doc);
  const matches = matchSegments(scan.segments, patterns);
  const boxes = measureSegments(scan, win);
  const view = viewRect(win, VIEW_SLACK);
  return {
    areas: areasOf(scan, matches, request, win, (m) => mayShowIn(m, boxes, view)).filter((a) =>
      overlaps(a, view),
    ),
    text: pageTextOf(scan, matches, boxes, request, doc, win),
  };
}
