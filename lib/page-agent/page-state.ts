import { withinOwnUi } from './own-ui';

/**
 * Changes the agent makes to the page during a capture, and their undoing. Restore runs in a
 * finally block on the worker's side, so the page is put back even when a capture fails.
 */
interface Saved {
  scrollX: number;
  scrollY: number;
  hidden: { el: HTMLElement; value: string; priority: string }[];
  scrolledContainers: { el: Element; top: number; left: number }[];
  behavior: string;
}

let saved: Saved | undefined;

/** Remembers the scroll position once per capture and turns off smooth scrolling. */
export function beginCapture(doc: Document = document, win: Window = window): void {
  if (saved) return;
  const root = doc.documentElement;
  saved = {
    scrollX: win.scrollX,
    scrollY: win.scrollY,
    hidden: [],
    scrolledContainers: [],
    behavior: root.style.scrollBehavior,
  };
  root.style.scrollBehavior = 'auto';
}

/**
 * Hides every fixed or sticky element so headers and sidebars appear once in a stitched image;
 * `keep` (a pane being scrolled) and its ancestors stay visible, the sticky parts inside it not.
 */
export function hideFixedElements(keep?: Element, doc: Document = document, win: Window = window): number {
  beginCapture(doc, win);
  let count = 0;
  for (const el of doc.body?.querySelectorAll<HTMLElement>('*') ?? []) {
    const position = win.getComputedStyle(el).position;
    if (position !== 'fixed' && position !== 'sticky') continue;
    if (withinOwnUi(el) || el.contains(keep ?? null)) continue;
    saved!.hidden.push({
      el,
      value: el.style.getPropertyValue('visibility'),
      priority: el.style.getPropertyPriority('visibility'),
    });
    el.style.setProperty('visibility', 'hidden', 'important');
    count++;
  }
  return count;
}

/** Remembers a container's scroll position before the agent scrolls it. */
export function rememberContainer(el: Element): void {
  if (saved && !saved.scrolledContainers.some((c) => c.el === el))
    saved.scrolledContainers.push({ el, top: el.scrollTop, left: el.scrollLeft });
}

/** Puts back hidden elements, container scrolls and the page's scroll position. */
export function restorePage(doc: Document = document, win: Window = window): void {
  if (!saved) return;
  for (const h of saved.hidden) {
    if (h.value) h.el.style.setProperty('visibility', h.value, h.priority);
    else h.el.style.removeProperty('visibility');
  }
  for (const c of saved.scrolledContainers) c.el.scrollTo(c.left, c.top);
  win.scrollTo(saved.scrollX, saved.scrollY);
  doc.documentElement.style.scrollBehavior = saved.behavior;
  saved = undefined;
}
