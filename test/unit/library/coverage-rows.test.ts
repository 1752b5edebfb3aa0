import { describe, expect, it } from 'vitest';
import { rowsUpTo } from '../../../entrypoints/library/coverage-rows';

const rows = (...cells: number[]) => cells.map((n) => ({ periods: new Array(n).fill(0) }));

describe('coverage rows drawn a batch at a time', () => {
  it('takes as many rows as fit in the cell budget, from where the last batch ended', () => {
    const r = rows(12, 4, 52, 365, 1, 1, 12);
    expect(rowsUpTo(r, 0, 70)).toBe(3); // 12 + 4 + 52 = 68
    expect(rowsUpTo(r, 3, 70)).toBe(4); // a daily row is drawn alone, even over the budget
    expect(rowsUpTo(r, 4, 70)).toBe(7);
    expect(rowsUpTo(r, 7, 70)).toBe(7); // nothing left
  });

  it('ends every batch, so all rows are drawn in a bounded number of frames', () => {
    const r = rows(...Array.from({ length: 150 }, (_, i) => [365, 52, 12, 4, 1][i % 5]!));
    let shown = rowsUpTo(r, 0, 600);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(150);
    let frames = 0;
    while (shown < r.length) {
      shown = rowsUpTo(r, shown, 1500);
      frames++;
    }
    expect(shown).toBe(150);
    expect(frames).toBeLessThan(15);
  });
});
