/**
 * Breaks lines so none is wider than `maxWidth` by `measure`: at spaces where possible, inside a
 * long word (a URL) where not. Every character is kept.
 */
export function wrapLines(
  lines: readonly string[],
  maxWidth: number,
  measure: (text: string) => number,
): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    for (const word of line.split(/(?<= )/)) {
      if (measure(current + word) <= maxWidth) {
        current += word;
        continue;
      }
      if (current) out.push(current.trimEnd());
      current = '';
      let rest = word;
      while (measure(rest) > maxWidth && rest.length > 1) {
        let n = rest.length - 1;
        while (n > 1 && measure(rest.slice(0, n)) > maxWidth) n--;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      current = rest;
    }
    if (current.trim() || !out.length) out.push(current.trimEnd());
  }
  return out;
}
