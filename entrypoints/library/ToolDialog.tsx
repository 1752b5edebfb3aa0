import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useDialogClosing } from './dialog-closing';

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
  const closing = useDialogClosing(ref, props.onClose);
  useEffect(() => {
    if (props.open) closing.show();
    else closing.hide();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      class={`tool-dialog ${props.class}`}
      aria-labelledby={props.labelledBy}
      onCancel={closing.onCancel}
      onClose={closing.onClose}
    >
      <div class="tool-dialog-close">
        <button type="button" onClick={closing.close}>
          Close
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
