import type { DocRect, LocatedElement } from './types';

/** Finds one element by CSS selector; throws a message naming the selector when it cannot. */
export function findElement(selector: string, doc: Document = document): Element {
  let el: Element | null;
  try {
    el = doc.querySelector(selector);
  } catch {
    throw new Error(`"${selector}" is not a valid CSS selector.`);
  }
  if (!el) throw new Error(`No element on the page matches "${selector}".`);
  return el;
}

/** An element's box in document coordinates. */
export function docRect(el: Element, win: Window = window): DocRect {
  const r = el.getBoundingClientRect();
  return { x: r.left + win.scrollX, y: r.top + win.scrollY, width: r.width, height: r.height };
}

/** Describes an element for capture: its box, and whether it scrolls its own content. */
export function locate(el: Element, win: Window = window): LocatedElement {
  const rect = docRect(el, win);
  const style = win.getComputedStyle(el);
  const scrollable = el.scrollHeight > el.clientHeight + 1 && /(auto|scroll)/.test(style.overflowY);
  const contentRect = {
    x: rect.x + el.clientLeft,
    y: rect.y + el.clientTop,
    width: el.clientWidth,
    height: el.clientHeight,
  };
  return { rect, scrollable, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, contentRect };
}
