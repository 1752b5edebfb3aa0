import { withinOwnUi } from './own-ui';
import type { DocRect } from './types';
import { uniqueSelector } from './unique-selector';

/** An element that scrolls its own content, as seen in the viewport. */
export interface ScrollCandidate {
  selector: string;
  /** CSS px² of its box inside the viewport. */
  visibleArea: number;
  /** How far its content scrolls: scrollHeight − clientHeight. */
  extent: number;
  /** Whether the viewport's centre falls inside it. */
  underCentre: boolean;
}

/** What full page scrolls, and why (the record keeps both). */
export type ScrollChoice =
  | { element: 'document'; reason: string }
  | { element: 'none'; reason: string }
  | { element: string; reason: string; pane: true };

/** Panes whose visible areas differ by less than this share are the same size: the centre decides. */
const TIE = 0.02;
/** An inner pane wins over a document that scrolls, when it scrolls this many times further. */
const MUCH_FURTHER = 4;

/**
 * Picks what full page scrolls (issue 11): the document when it scrolls and no pane scrolls much
 * further; otherwise the largest scrolling pane in view, or, among panes of one size, the one
 * under the viewport's centre; `none` when nothing scrolls. Nested panes: the inner one is smaller,
 * so the outer one is picked.
 */
export function chooseScroller(
  documentExtent: number,
  viewport: { width: number; height: number },
  candidates: readonly ScrollCandidate[],
): ScrollChoice {
  const panes = candidates.filter((c) => c.extent > 1 && c.visibleArea > 0);
  const largest = Math.max(0, ...panes.map((c) => c.visibleArea));
  const tied = panes.filter((c) => c.visibleArea >= largest * (1 - TIE));
  const best = tied.find((c) => c.underCentre) ?? tied[0];
  const size = (c: ScrollCandidate) =>
    `${Math.round((100 * c.visibleArea) / (viewport.width * viewport.height))}% of the viewport`;
  const how =
    best && tied.length > 1 && best.underCentre
      ? 'the scrolling pane under the viewport’s centre (panes of the same size)'
      : 'the largest scrolling pane in view';
  if (best && (documentExtent <= 1 || best.extent >= MUCH_FURTHER * documentExtent))
    return {
      element: best.selector,
      pane: true,
      reason:
        documentExtent <= 1
          ? `${how} (${size(best)}); the document itself does not scroll`
          : `${how} (${size(best)}); it scrolls ${Math.round(best.extent)} px, the document only ${Math.round(documentExtent)} px`,
    };
  if (documentExtent > 1)
    return {
      element: 'document',
      reason: `the document scrolls ${Math.round(documentExtent)} px past the viewport`,
    };
  return { element: 'none', reason: 'nothing on this page scrolls' };
}

/** The page's scrolling panes in view (not the document itself, nor ProofTrail's own UI). */
export function scrollCandidates(doc: Document = document, win: Window = window): ScrollCandidate[] {
  const view = { x: 0, y: 0, width: win.innerWidth, height: win.innerHeight };
  const centre = { x: view.width / 2, y: view.height / 2 };
  const out: ScrollCandidate[] = [];
  for (const el of doc.querySelectorAll<HTMLElement>('body, body *')) {
    if (el.scrollHeight <= el.clientHeight + 1 || withinOwnUi(el)) continue;
    if (!/(auto|scroll|overlay)/.test(win.getComputedStyle(el).overflowY)) continue;
    const r = el.getBoundingClientRect();
    const box = {
      x: r.left + el.clientLeft,
      y: r.top + el.clientTop,
      width: el.clientWidth,
      height: el.clientHeight,
    };
    const visibleArea = overlapArea(box, view);
    if (visibleArea <= 0) continue;
    out.push({
      selector: uniqueSelector(el, doc),
      visibleArea,
      extent: el.scrollHeight - el.clientHeight,
      underCentre:
        centre.x >= box.x &&
        centre.x < box.x + box.width &&
        centre.y >= box.y &&
        centre.y < box.y + box.height,
    });
  }
  return out;
}

/**
 * How far the document scrolls past the viewport: none when the viewport's overflow (the root's,
 * or the body's when the root's is `visible`) hides it, as app shells do.
 */
export function documentExtent(doc: Document = document, win: Window = window): number {
  const root = doc.scrollingElement ?? doc.documentElement;
  const own = win.getComputedStyle(doc.documentElement).overflowY;
  const overflow = own === 'visible' && doc.body ? win.getComputedStyle(doc.body).overflowY : own;
  return /(hidden|clip)/.test(overflow) ? 0 : Math.max(0, root.scrollHeight - win.innerHeight);
}

/** What full page should scroll on this page. */
export function findMainScroller(doc: Document = document, win: Window = window): ScrollChoice {
  return chooseScroller(
    documentExtent(doc, win),
    { width: win.innerWidth, height: win.innerHeight },
    scrollCandidates(doc, win),
  );
}

function overlapArea(a: DocRect, b: DocRect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
