import type { PickResult, PickTool } from '../../lib/messaging/protocol';
import type { DocRect } from '../../lib/page-agent/types';
import { uniqueSelector } from '../../lib/page-agent/unique-selector';
import { createElementWalk, keyName, WALK_KEYS } from './element-walk';
import type { PageHost } from './page-host';

const HINTS: Record<PickTool, string> = {
  element: 'Click the element to capture',
  'blackout-element': 'Click an element to black out',
  region: 'Drag a rectangle to capture',
  'blackout-box': 'Drag a box to black out',
};
/** The keyboard's way, the same for every tool (a box tool takes the highlighted element's box). */
const KEYS_HINT =
  'Keyboard: ↑ larger, ↓ smaller, ← → neighbours, Tab next; Enter picks the highlighted element; Esc cancels.';
/** Smaller drags are taken for a slip of the mouse. */
const MIN_DRAG = 4;

type Box = { left: number; top: number; width: number; height: number };

/**
 * Covers the page with an overlay in the panel's closed shadow root and waits for the user:
 * a click on an element (pick tools) or a dragged rectangle (region and box tools); or, by
 * keyboard, the arrow keys and Tab move a highlight over the page's elements and Enter takes the
 * highlighted one (its box, for the region and box tools). Esc, or `signal` (the panel closing),
 * cancels. Only events the browser marks as the user's own (`isTrusted`) count: a page script's
 * synthetic clicks, drags and keys are ignored.
 */
export function pickOnPage(ui: PageHost, tool: PickTool, signal: AbortSignal): Promise<PickResult> {
  const picking = tool === 'element' || tool === 'blackout-element';
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  overlay.tabIndex = -1;
  // It takes the arrow keys and Tab, as an application does; the hint describes them.
  overlay.setAttribute('role', 'application');
  overlay.setAttribute('aria-label', 'ProofTrail: pick on the page');
  const hint = document.createElement('div');
  hint.className = 'hint';
  hint.id = 'prooftrail-pick-hint';
  overlay.setAttribute('aria-describedby', hint.id);
  hint.setAttribute('role', 'status');
  const how = document.createElement('span');
  how.textContent = `${HINTS[tool]} (Esc to cancel). ${KEYS_HINT}`;
  const where = document.createElement('span');
  where.className = 'hint-current';
  hint.append(how, where);
  const mark = document.createElement('div');
  mark.className = picking ? 'highlight' : 'drag';
  mark.hidden = true;
  const keyMark = document.createElement('div');
  keyMark.className = 'highlight';
  keyMark.hidden = true;
  overlay.append(hint, mark, keyMark);
  const walk = createElementWalk(document, ui.host);

  return new Promise<PickResult>((resolve) => {
    const done = new AbortController();
    const on = { signal: done.signal, capture: true } as const;
    const finish = (result: PickResult) => {
      done.abort();
      overlay.remove();
      ui.showFrame(true);
      resolve(result);
    };
    let start: { x: number; y: number } | undefined;
    const draw = (b: Box | undefined) => {
      mark.hidden = !b;
      if (b) mark.style.cssText = `left:${b.left}px;top:${b.top}px;width:${b.width}px;height:${b.height}px`;
    };
    const at = (x: number, y: number) => document.elementsFromPoint(x, y).find((el) => el !== ui.host);
    const under = (e: MouseEvent) => at(e.clientX, e.clientY);
    /** The element the keyboard highlights; Enter takes it. */
    let current: Element | undefined;
    const drawCurrent = () => {
      const r = current?.isConnected ? current.getBoundingClientRect() : undefined;
      keyMark.hidden = !r;
      if (r)
        keyMark.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
    };
    /** Highlights an element; a key's move scrolls it into view (the start is in view already). */
    const highlight = (el: Element, scroll = true) => {
      current = el;
      mark.hidden = true;
      if (scroll) el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      drawCurrent();
      const r = el.getBoundingClientRect();
      where.textContent = ` Highlighted: ${describe(el)}, ${Math.round(r.width)}×${Math.round(r.height)} px.`;
    };
    const take = (el: Element) => {
      if (picking) finish({ kind: 'element', selector: uniqueSelector(el), label: describe(el) });
      else {
        const r = el.getBoundingClientRect();
        finish({ kind: 'rect', rect: toDoc({ left: r.left, top: r.top, width: r.width, height: r.height }) });
      }
    };
    addEventListener('scroll', drawCurrent, { passive: true, signal: done.signal, capture: true });

    overlay.addEventListener(
      'mousemove',
      (e) => {
        if (!e.isTrusted) return;
        keyMark.hidden = true;
        // The keyboard goes on from the element under the mouse.
        current = picking ? under(e) : undefined;
        if (picking) draw(current?.getBoundingClientRect());
        else if (start) draw(dragBox(start, e));
      },
      on,
    );
    overlay.addEventListener(
      'mousedown',
      (e) => {
        if (!e.isTrusted || e.button !== 0) return;
        e.preventDefault();
        if (!picking) {
          start = { x: e.clientX, y: e.clientY };
          return;
        }
        const el = under(e);
        if (el) finish({ kind: 'element', selector: uniqueSelector(el), label: describe(el) });
      },
      on,
    );
    overlay.addEventListener(
      'mouseup',
      (e) => {
        if (!e.isTrusted || picking || !start) return;
        const b = dragBox(start, e);
        start = undefined;
        if (b.width >= MIN_DRAG && b.height >= MIN_DRAG) finish({ kind: 'rect', rect: toDoc(b) });
        else draw(undefined);
      },
      on,
    );
    addEventListener(
      'keydown',
      (e) => {
        if (!e.isTrusted) return;
        const move = WALK_KEYS[keyName(e)];
        const enter = e.key === 'Enter' || e.key === ' ';
        if (e.key !== 'Escape' && !move && !enter) return;
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'Escape') finish({ kind: 'cancelled' });
        else if (enter) take(current ?? walk.start(at));
        else if (move) highlight(current ? walk.move(current, move) : walk.start(at));
      },
      on,
    );
    signal.addEventListener('abort', () => finish({ kind: 'cancelled' }), { signal: done.signal });

    ui.showFrame(false);
    ui.shadow.append(overlay);
    // The frame had the keyboard; the overlay takes it so the keys reach this document.
    overlay.focus();
    highlight(walk.start(at), false);
  });
}

const dragBox = (start: { x: number; y: number }, e: MouseEvent): Box => ({
  left: Math.min(start.x, e.clientX),
  top: Math.min(start.y, e.clientY),
  width: Math.abs(e.clientX - start.x),
  height: Math.abs(e.clientY - start.y),
});

const toDoc = (b: Box): DocRect => ({
  x: b.left + scrollX,
  y: b.top + scrollY,
  width: b.width,
  height: b.height,
});

/** What the panel shows for a picked element: its tag, and its id when it has one. */
const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
