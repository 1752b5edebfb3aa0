import type { PickResult, PickTool } from '../../lib/messaging/protocol';
import type { DocRect } from '../../lib/page-agent/types';
import { uniqueSelector } from '../../lib/page-agent/unique-selector';
import type { PageHost } from './page-host';

const HINTS: Record<PickTool, string> = {
  element: 'Click the element to capture',
  'blackout-element': 'Click an element to black out',
  region: 'Drag a rectangle to capture',
  'blackout-box': 'Drag a box to black out',
};
/** Smaller drags are taken for a slip of the mouse. */
const MIN_DRAG = 4;

type Box = { left: number; top: number; width: number; height: number };

/**
 * Covers the page with an overlay in the panel's closed shadow root and waits for the user:
 * a click on an element (pick tools) or a dragged rectangle (region and box tools); Esc, or
 * `signal` (the panel closing), cancels. Only events the browser marks as the user's own
 * (`isTrusted`) count: a page script's synthetic clicks, drags and keys are ignored.
 */
export function pickOnPage(ui: PageHost, tool: PickTool, signal: AbortSignal): Promise<PickResult> {
  const picking = tool === 'element' || tool === 'blackout-element';
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  overlay.tabIndex = -1;
  const hint = document.createElement('div');
  hint.className = 'hint';
  hint.setAttribute('role', 'status');
  hint.textContent = `${HINTS[tool]} (Esc to cancel)`;
  const mark = document.createElement('div');
  mark.className = picking ? 'highlight' : 'drag';
  mark.hidden = true;
  overlay.append(hint, mark);

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
    const under = (e: MouseEvent) =>
      document.elementsFromPoint(e.clientX, e.clientY).find((el) => el !== ui.host);

    overlay.addEventListener(
      'mousemove',
      (e) => {
        if (!e.isTrusted) return;
        if (picking) draw(under(e)?.getBoundingClientRect());
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
        if (!e.isTrusted || e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        finish({ kind: 'cancelled' });
      },
      on,
    );
    signal.addEventListener('abort', () => finish({ kind: 'cancelled' }), { signal: done.signal });

    ui.showFrame(false);
    ui.shadow.append(overlay);
    // The frame had the keyboard; the overlay takes it so Esc reaches this document.
    overlay.focus();
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
