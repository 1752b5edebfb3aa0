/**
 * Where the next batch of coverage rows ends: from row `from`, as many rows as fit in `cells`
 * period cells, and always at least one (a row with more cells than that is drawn alone).
 */
export function rowsUpTo(
  rows: readonly { periods: readonly unknown[] }[],
  from: number,
  cells: number,
): number {
  let n = from;
  let drawn = 0;
  while (n < rows.length && (n === from || drawn + rows[n]!.periods.length <= cells))
    drawn += rows[n++]!.periods.length;
  return n;
}
