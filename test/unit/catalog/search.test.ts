import { describe, expect, it } from 'vitest';
import { builtinControls } from '../../../lib/catalog/builtin';
import { createControlSearch } from '../../../lib/catalog/search';

const search = createControlSearch(builtinControls);

describe('control search', () => {
  it.each([
    ['A.5.18', 'A.5.18'],
    ['a5.18', 'A.5.18'],
    ['cc6.3', 'CC6.3'],
    ['change', 'A.8.32'],
  ])('finds %s', (query, id) => {
    expect(search(query, 10).map((c) => c.id)).toContain(id);
  });

  it('puts exact ID prefixes first', () => {
    expect(search('A.8.3')[0]?.id).toBe('A.8.3');
  });

  it.each([
    ['access review', 'A.5.18'],
    ['change approval', 'A.8.32'],
    ['MFA', 'A.8.5'],
  ])('ranks the usual control for "%s" among the first three', (query, id) => {
    expect(search(query, 3).map((c) => c.id)).toContain(id);
  });

  it('tolerates typos in words', () => {
    expect(search('malwre', 10).map((c) => c.id)).toContain('A.8.7');
  });
});
