import { describe, expect, it } from 'vitest';
import { buildZip, stored } from './build-zip';
import { refusal } from './refuse-helpers';

const one = (name: string | Uint8Array, flags?: number) =>
  buildZip([stored(name, 'x', flags === undefined ? {} : { flags })]);

describe('entry names are refused when unsafe, naming the entry and the reason', () => {
  it.each([
    ['/etc/passwd', /^\/etc\/passwd: absolute path/],
    ['/', /^\/: absolute path/],
    ['../outside.txt', /^\.\.\/outside\.txt: "\.\." segment in the path/],
    ['controls/../../x.png', /^controls\/\.\.\/\.\.\/x\.png: "\.\." segment/],
    ['controls/./x.png', /^controls\/\.\/x\.png: "\." segment in the path/],
    ['./x.png', /"\." segment/],
    ['controls\\x.png', /^controls\\x\.png: backslash in the name/],
    ['C:/Windows/x.png', /^C:\/Windows\/x\.png: drive letter "C:"/],
    ['c:x.png', /^c:x\.png: drive letter "c:"/],
    ['x.png:hidden', /^x\.png:hidden: colon in the name/],
    ['a//b.png', /^a\/\/b\.png: empty path segment/],
    ['a/b//', /empty path segment/],
    ['', /^"": the name is empty/],
    ['a\u0000b', /^"a\\u0000b": control character U\+0000/],
    ['a\nb.png', /^"a\\nb\.png": control character U\+000A/],
    ['a\u001fb', /control character U\+001F/],
    ['a\u007fb', /^"a\\u007fb": control character U\+007F/],
    ['a\u0085b', /^"a\\u0085b": control character U\+0085/],
    ['a\u009fb', /control character U\+009F/],
    ['evil\u202egnp.exe', /^"evil\\u202egnp\.exe": invisible formatting character U\+202E/],
    ['a\u200bb', /invisible formatting character U\+200B/],
  ])('%j', async (name, message) => {
    expect(await refusal(one(name))).toMatch(message);
  });

  it('directories are validated too, though skipped', async () => {
    expect(await refusal(buildZip([stored('../up/', '')]))).toMatch(/^\.\.\/up\/: "\.\." segment/);
  });

  it('a name that is not ASCII must be marked as UTF-8', async () => {
    const latin1 = Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74); // "café.txt" in Latin-1
    expect(await refusal(one(latin1, 0))).toMatch(/the name is not ASCII and not marked as UTF-8/);
  });

  it('a name marked as UTF-8 must be valid UTF-8', async () => {
    expect(await refusal(one(Uint8Array.of(0x61, 0xff, 0x62), 0x800))).toMatch(/the name is not valid UTF-8/);
  });
});

describe('names that would land on the same file are refused', () => {
  const both = (a: string, b: string) => buildZip([stored(a), stored(b)]);
  it('the same name twice', async () => {
    expect(await refusal(both('manifest.json', 'manifest.json'))).toMatch(
      /^manifest\.json: the name occurs more than once in the ZIP/,
    );
  });
  it('the same folder entry twice', async () => {
    expect(await refusal(buildZip([stored('a/', ''), stored('a/', '')]))).toMatch(
      /^a\/: the name occurs more than once/,
    );
  });
  it.each([
    ['README.txt', 'readme.txt'],
    ['caf\u00e9.txt', 'cafe\u0301.txt'],
    ['stra\u00dfe.txt', 'STRASSE.txt'],
    ['x.txt', 'x.txt.'],
    ['x.txt', 'x.txt '],
  ])('%j and %j', async (a, b) => {
    expect(await refusal(both(a, b))).toMatch(/collides with .* once case and Unicode form are ignored/);
  });
  it('a folder spelled two ways', async () => {
    expect(await refusal(both('Controls/a.png', 'controls/b.png'))).toMatch(
      /^controls\/b\.png: collides with Controls\/a\.png/,
    );
  });
  it('a file that is also a folder of another entry, in either order', async () => {
    expect(await refusal(both('a/b', 'a/b/c.json'))).toMatch(
      /^a\/b\/c\.json: a\/b is both a file and a folder/,
    );
    expect(await refusal(both('a/b/c.json', 'a/b'))).toMatch(/^a\/b: a\/b is both a file and a folder/);
    expect(await refusal(buildZip([stored('a/', ''), stored('a')]))).toMatch(
      /^a: a is both a file and a folder/,
    );
  });
  it('folders named by several files and by a folder entry are fine', async () => {
    await expect(
      refusal(buildZip([stored('a/', ''), stored('a/x'), stored('a/y'), stored('a/b/z')])),
    ).rejects.toThrow('not refused');
  });
});
