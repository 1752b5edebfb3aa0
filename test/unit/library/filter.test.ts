import { describe, expect, it } from 'vitest';
import { applyFilter, emptyFilter, groupByControl, itemsOf } from '../../../entrypoints/library/filter';

const keys = [
  { id: 'a', controlIds: ['A.5.18'], capturedAt: '2026-03-01T10:00:00.000Z' },
  { id: 'b', controlIds: ['A.5.18', 'CC6.3'], capturedAt: '2026-05-01T10:00:00.000Z' },
  { id: 'c', controlIds: ['A.8.13'], capturedAt: '2026-04-01T10:00:00.000Z', effectiveDate: '2026-03-20' },
  { id: 'd', controlIds: ['A.5.2'], capturedAt: '2026-01-01T10:00:00.000Z' },
];

describe('the evidence list’s items, filters and groups', () => {
  it('orders items newest first and keeps each key', () => {
    const items = itemsOf(keys);
    expect(items.map((i) => i.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(items[1]).toMatchObject({ effectiveDate: '2026-03-20', t: Date.parse(keys[2]!.capturedAt) });
  });

  it('filters by control, by local dates, and by the captures a search found', () => {
    const items = itemsOf(keys);
    const ids = (f: Partial<typeof emptyFilter>, only?: Set<string>) =>
      applyFilter(items, { ...emptyFilter, ...f }, only).map((i) => i.id);
    expect(ids({})).toEqual(['b', 'c', 'a', 'd']);
    expect(ids({ controlId: 'A.5.18' })).toEqual(['b', 'a']);
    expect(ids({ from: '2026-03-15', to: '2026-04-30' })).toEqual(['c']);
    expect(ids({}, new Set(['a', 'd', 'zz']))).toEqual(['a', 'd']);
    expect(ids({ controlId: 'A.5.18' }, new Set(['a', 'd']))).toEqual(['a']);
    expect(ids({}, new Set())).toEqual([]);
  });

  it('groups under every control tagged, in natural ID order, or under one control', () => {
    const groups = groupByControl(itemsOf(keys));
    expect([...groups.keys()]).toEqual(['A.5.2', 'A.5.18', 'A.8.13', 'CC6.3']);
    expect(groups.get('A.5.18')!.map((i) => i.id)).toEqual(['b', 'a']);
    expect([...groupByControl(itemsOf(keys), 'CC6.3').keys()]).toEqual(['CC6.3']);
  });
});
