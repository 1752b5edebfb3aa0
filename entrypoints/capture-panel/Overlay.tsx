import { useEffect, useState } from 'preact/hooks';
import type { DocRect } from '../../lib/page-agent/types';

/** What the overlay is for: picking an element, or dragging a rectangle. */
export type OverlayTool = 'pick' | 'drag';

/** Props of the picking overlay. */
export interface OverlayProps {
  tool: OverlayTool;
  host: HTMLElement;
  hint: string;
  onPick(el: Element): void;
  onDrag(rect: DocRect): void;
  onCancel(): void;
}

const toDoc = (r: { left: number; top: number; width: number; height: number }): DocRect => ({
  x: r.left + window.scrollX,
  y: r.top + window.scrollY,
  width: r.width,
  height: r.height,
});

/** Covers the page while picking: highlights the element under the pointer, or draws the dragged box. */
export function Overlay({ tool, host, hint, onPick, onDrag, onCancel }: OverlayProps) {
  const [box, setBox] = useState<{ left: number; top: number; width: number; height: number }>();
  const [start, setStart] = useState<{ x: number; y: number }>();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onCancel]);
  const under = (x: number, y: number) =>
    document.elementsFromPoint(x, y).find((el) => el !== host && !host.contains(el));
  const onMove = (e: MouseEvent) => {
    if (tool === 'pick') {
      const el = under(e.clientX, e.clientY);
      const r = el?.getBoundingClientRect();
      setBox(r ? { left: r.left, top: r.top, width: r.width, height: r.height } : undefined);
    } else if (start) {
      setBox({
        left: Math.min(start.x, e.clientX),
        top: Math.min(start.y, e.clientY),
        width: Math.abs(e.clientX - start.x),
        height: Math.abs(e.clientY - start.y),
      });
    }
  };
  const onDown = (e: MouseEvent) => {
    e.preventDefault();
    if (tool === 'pick') {
      const el = under(e.clientX, e.clientY);
      if (el) onPick(el);
    } else setStart({ x: e.clientX, y: e.clientY });
  };
  const onUp = () => {
    if (tool === 'drag' && box && box.width >= 4 && box.height >= 4) onDrag(toDoc(box));
    setStart(undefined);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer drawing surface; Esc cancels, and the popup's Element mode takes a CSS selector from the keyboard.
    <div class="overlay" role="presentation" onMouseMove={onMove} onMouseDown={onDown} onMouseUp={onUp}>
      <div class="hint" role="status">
        {hint} (Esc to cancel)
      </div>
      {box && (
        <div
          class={tool === 'pick' ? 'highlight' : 'drag'}
          style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
        />
      )}
    </div>
  );
}
