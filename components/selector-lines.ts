/** The non-empty, trimmed lines of a textarea (one selector or pattern per line). */
export function selectorLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
