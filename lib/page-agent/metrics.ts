import type { PageMetrics } from './types';

/** Reads the page's metrics. */
export function measurePage(doc: Document = document, win: Window = window): PageMetrics {
  const root = doc.scrollingElement ?? doc.documentElement;
  return {
    scrollWidth: Math.max(root.scrollWidth, doc.body?.scrollWidth ?? 0),
    scrollHeight: Math.max(root.scrollHeight, doc.body?.scrollHeight ?? 0),
    viewportWidth: win.innerWidth,
    viewportHeight: win.innerHeight,
    scrollX: win.scrollX,
    scrollY: win.scrollY,
    devicePixelRatio: win.devicePixelRatio,
    title: doc.title,
  };
}

/** Resolves after the page has painted twice and `settleMs` passed (lazy content gets time to load). */
export function settle(settleMs: number, win: Window = window): Promise<void> {
  return new Promise((resolve) => {
    win.requestAnimationFrame(() => win.requestAnimationFrame(() => setTimeout(resolve, settleMs)));
  });
}
