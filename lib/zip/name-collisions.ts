import { entryLabel, refuse } from './refuse';

/**
 * The form two names share when a file system would treat them as one: Unicode NFC (macOS
 * stores decomposed names), case folded (Windows and macOS ignore case; upper then lower folds
 * "ß" with "SS" and "ſ" with "s"), and trailing dots and spaces dropped (Windows drops them).
 */
export function collisionKey(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment
        .normalize('NFC')
        .toUpperCase()
        .toLowerCase()
        .normalize('NFC')
        .replace(/[. ]+$/, ''),
    )
    .join('/');
}

interface Claim {
  /** The path as spelled (without a directory's final slash). */
  path: string;
  kind: 'file' | 'folder';
  /** The entry that claimed it, for the message. */
  entry: string;
}

/**
 * Refuses names that would land on the same place when extracted: exact duplicates, names equal
 * after collisionKey, and a file whose path is also a folder of another entry. Directory entries
 * (ending in "/") and the folders implied by every path take part, so "A/x" beside "a/y" is
 * refused too. Only Maps are used, so "__proto__" is a name like any other.
 */
export function checkNameCollisions(names: readonly string[]): void {
  const exact = new Set<string>();
  const claims = new Map<string, Claim>();
  const claim = (path: string, kind: Claim['kind'], entry: string) => {
    const key = collisionKey(path);
    const earlier = claims.get(key);
    if (!earlier) {
      claims.set(key, { path, kind, entry });
      return;
    }
    if (earlier.kind === 'folder' && kind === 'folder' && earlier.path === path) return;
    if (earlier.path === path)
      throw refuse(
        entry,
        `${entryLabel(path)} is both a file and a folder (${earlier.kind} in ${entryLabel(earlier.entry)})`,
      );
    throw refuse(entry, `collides with ${entryLabel(earlier.entry)} once case and Unicode form are ignored`);
  };
  for (const name of names) {
    if (exact.has(name)) throw refuse(name, 'the name occurs more than once in the ZIP');
    exact.add(name);
    const isFolder = name.endsWith('/');
    const segments = (isFolder ? name.slice(0, -1) : name).split('/');
    for (let i = 1; i < segments.length; i++) claim(segments.slice(0, i).join('/'), 'folder', name);
    claim(segments.join('/'), isFolder ? 'folder' : 'file', name);
  }
}
