/** A key that moves the highlight while picking on the page by keyboard. */
export type WalkKey = 'parent' | 'child' | 'previous' | 'next' | 'forward' | 'backward';

/** The keys of the keyboard picker and what they do: the hint on the page lists them. */
export const WALK_KEYS: Record<string, WalkKey> = {
  ArrowUp: 'parent',
  ArrowDown: 'child',
  ArrowLeft: 'previous',
  ArrowRight: 'next',
  Tab: 'forward',
  'Shift+Tab': 'backward',
};

/** Elements never offered: they draw nothing of their own. */
const SKIPPED = new Set(['HEAD', 'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'LINK', 'META', 'TITLE', 'BR']);

/**
 * Moves through the page's elements for the keyboard picker. `own` is ProofTrail's host element,
 * never offered. An element is offered when it takes up space on the page; the body is the
 * largest one offered.
 */
export function createElementWalk(doc: Document, own: Element) {
  const root = doc.body ?? doc.documentElement;
  const shown = (el: Element): boolean => {
    if (el === own || SKIPPED.has(el.tagName)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  /** The shown children of an element, looking through wrappers that draw nothing themselves. */
  const children = (el: Element): Element[] =>
    [...el.children].flatMap((c) =>
      c === own || SKIPPED.has(c.tagName) ? [] : shown(c) ? [c] : children(c),
    );
  const parent = (el: Element): Element => {
    for (let p = el.parentElement; p; p = p.parentElement) if (p === root || shown(p)) return p;
    return root;
  };
  /** Every shown element under the body, in document order. */
  const inOrder = (): Element[] => {
    const all: Element[] = [];
    const visit = (el: Element) => {
      for (const c of children(el)) {
        all.push(c);
        visit(c);
      }
    };
    visit(root);
    return all;
  };
  const step = (list: Element[], el: Element, by: number): Element => {
    const i = list.indexOf(el);
    if (i < 0) return list[0] ?? el;
    return list[(i + by + list.length) % list.length] ?? el;
  };

  return {
    /**
     * Where the keyboard starts: the element in the middle of the window, else the first one in
     * view (the page's middle may be its bare background), else the body's first.
     */
    start(at: (x: number, y: number) => Element | undefined): Element {
      const middle = at(innerWidth / 2, innerHeight / 2);
      if (middle && middle !== root && root.contains(middle) && shown(middle)) return middle;
      const inView = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      };
      return inOrder().find(inView) ?? children(root)[0] ?? root;
    },
    /** The element a key moves to from `el` (itself when there is nowhere to go). */
    move(el: Element, key: WalkKey): Element {
      if (key === 'parent') return el === root ? el : parent(el);
      if (key === 'child') return children(el)[0] ?? el;
      if (key === 'forward' || key === 'backward') return step(inOrder(), el, key === 'forward' ? 1 : -1);
      if (el === root) return el;
      return step(children(parent(el)), el, key === 'next' ? 1 : -1);
    },
  };
}

/** The name of a key press as WALK_KEYS spells it. */
export const keyName = (e: KeyboardEvent): string => (e.shiftKey && e.key === 'Tab' ? 'Shift+Tab' : e.key);
