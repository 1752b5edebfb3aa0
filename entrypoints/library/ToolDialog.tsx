import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal dialog that stays mounted while closed (so an export running in it keeps its state),
 * shown when `open` and closed by its Close button, Escape, or the page.
 */
export function ToolDialog(props: {
  open: boolean;
  labelledBy: string;
  class: string;
  onClose(): void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      class={`tool-dialog ${props.class}`}
      aria-labelledby={props.labelledBy}
      onClose={props.onClose}
    >
      <div class="tool-dialog-close">
        <button type="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
