/**
 * Gives the keyboard to the panel's first field when the frame has the focus but no field does.
 * Autofocus does not work in a frame of another origin, so the panel asks for it itself: when the
 * page script focuses the frame, and when the controls arrive.
 */
export function focusFirstField(doc: Document = document): void {
  if (doc.activeElement && doc.activeElement !== doc.body) return;
  doc.querySelector<HTMLElement>('input, textarea')?.focus();
}
