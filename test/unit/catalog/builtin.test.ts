import { describe, expect, it } from 'vitest';
import { builtinControls } from '../../../lib/catalog/builtin';
import { iso27001Controls } from '../../../lib/catalog/iso27001';
import { soc2Controls } from '../../../lib/catalog/soc2';

describe('built-in catalogs', () => {
  it('has all 93 ISO/IEC 27001:2022 Annex A controls, A.5.1 to A.8.34', () => {
    expect(iso27001Controls).toHaveLength(93);
    const expected = [
      ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
      ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
      ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
    ];
    expect(iso27001Controls.map((c) => c.id)).toEqual(expected);
  });

  it('has the SOC 2 criteria from CC1.1 to P8.1', () => {
    const ids = soc2Controls.map((c) => c.id);
    for (const id of [
      'CC1.1',
      'CC6.1',
      'CC9.2',
      'A1.1',
      'A1.3',
      'C1.1',
      'C1.2',
      'PI1.1',
      'PI1.5',
      'P1.1',
      'P6.7',
      'P8.1',
    ])
      expect(ids).toContain(id);
    expect(ids).toHaveLength(61);
  });

  it('gives every control a unique ID and a non-empty title', () => {
    const ids = builtinControls.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of builtinControls) expect(c.title.length).toBeGreaterThan(5);
  });
});
