import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';

/** How a modal `<dialog>` is shown and closed, with its closing reported once, as it happens. */
export interface DialogClosing {
  /** Shows the dialog (modal) if it is not open. */
  show(): void;
  /** Closes it because the page said so: nothing to report. */
  hide(): void;
  /** Closes it for its Close button, and reports that at once. */
  close(): void;
  /**
   * The dialog's `cancel` handler (Escape): closes it here, so that the keyboard goes back where it
   * was before the report takes the dialog away, then reports it.
   */
  onCancel(): void;
  /** The dialog's `close` handler: reports a closing no other handler reported. */
  onClose(): void;
}

/**
 * The browser fires a dialog's `close` event a task after the dialog closed. On a busy machine the
 * next key press can come first (Esc, then Enter on another button: seen in CI), and a report made
 * from that late event would close what that key press opened. So the closing is reported where it
 * happens (Escape's `cancel`, the Close button), and the late `close` event only reports one that
 * was not (a dialog the browser closed without a `cancel` event), and never one open again.
 */
export function useDialogClosing(ref: RefObject<HTMLDialogElement>, onClosed: () => void): DialogClosing {
  const reported = useRef(true);
  const report = () => {
    if (reported.current) return;
    reported.current = true;
    onClosed();
  };
  return {
    show() {
      const d = ref.current;
      if (!d || d.open) return;
      d.showModal();
      reported.current = false;
    },
    hide() {
      reported.current = true;
      ref.current?.close();
    },
    close() {
      ref.current?.close();
      report();
    },
    onCancel: () => {
      ref.current?.close();
      report();
    },
    onClose() {
      if (!ref.current?.open) report();
    },
  };
}
