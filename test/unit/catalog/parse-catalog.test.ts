import { describe, expect, it } from 'vitest';
import { parseCatalogFile } from '../../../lib/catalog/parse-catalog';

describe('parseCatalogFile (CSV)', () => {
  it('reads rows with and without a header, defaulting the framework', () => {
    const r = parseCatalogFile(
      'c.csv',
      'id,title,framework\nPOL-1,Policy owner named,Internal\nPOL-2,"Quoted, title"\n',
      'Mine',
    );
    expect(r).toEqual({
      ok: true,
      controls: [
        { id: 'POL-1', title: 'Policy owner named', framework: 'Internal' },
        { id: 'POL-2', title: 'Quoted, title', framework: 'Mine' },
      ],
    });
    expect(parseCatalogFile('c.csv', 'X1,One\r\nX2,Two', 'F').ok).toBe(true);
  });

  it.each([
    ['X1,One\nX2\n', 'c.csv line 2: expected 2 or 3 columns'],
    ['X1,One\n,Missing id\n', 'c.csv line 2: id: missing'],
    ['X1,One\n\nbad id!,Title\n', 'c.csv line 3: id: "bad id!" is not a valid control ID'],
    ['X1,One\nX1,Again\n', 'c.csv line 2: id "X1" repeats line 1'],
    ['id,name\nX1,One\n', 'c.csv line 1: header column 2 is "name"'],
    ['', 'c.csv line 1: the file has no controls'],
  ])('rejects %j naming the line', (text, message) => {
    const r = parseCatalogFile('c.csv', text, 'F');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain(message);
  });

  it('rejects files that are neither CSV nor JSON', () => {
    const r = parseCatalogFile('c.xlsx', 'x', 'F');
    expect(r.ok || r.problems[0]).toBe('c.xlsx: expected a .csv or .json file');
  });
});

describe('parseCatalogFile (JSON)', () => {
  it('reads a list or a {framework, controls} object', () => {
    expect(parseCatalogFile('c.json', '[{"id":"K1","title":"Key"}]', 'F')).toEqual({
      ok: true,
      controls: [{ id: 'K1', title: 'Key', framework: 'F' }],
    });
    const r = parseCatalogFile('c.json', '{"framework":"NIS2","controls":[{"id":"N1","title":"T"}]}', 'F');
    expect(r.ok && r.controls[0]?.framework).toBe('NIS2');
  });

  it.each([
    ['{', 'c.json not valid JSON'],
    ['{"controls":[{"id":"K1"}]}', 'c.json controls[0].title'],
    ['[{"id":"K1","title":"T"},{"id":"K1","title":"U"}]', 'c.json [1]: id "K1" repeats [0]'],
    ['[{"id":"K 1","title":"T"}]', 'c.json [0].id: "K 1" is not a valid control ID'],
    ['{"controls":[{"id":"K1","title":"T","extra":1}]}', 'c.json controls[0]'],
    ['"text"', 'c.json (root)'],
  ])('rejects %j naming the field', (text, message) => {
    const r = parseCatalogFile('c.json', text, 'F');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain(message);
  });
});
