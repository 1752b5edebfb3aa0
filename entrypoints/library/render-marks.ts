const marked = new Set<string>();

/**
 * Sets the performance mark `name` (startTime: milliseconds since navigation start) once the
 * browser has painted what was just rendered: a frame, then a task after it. Once per name; `then`
 * runs after the mark (work that must not delay it starts there), or at once when it was set before.
 */
export function markRendered(name: string, then?: () => void): void {
  if (marked.has(name)) {
    then?.();
    return;
  }
  marked.add(name);
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark(name);
      document.documentElement.dataset.rendered = [...marked].join(' ');
      then?.();
    }),
  );
}
