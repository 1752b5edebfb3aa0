import Fuse from 'fuse.js';
import { searchKeywords } from './keywords';
import type { Control } from './types';

/** Fuzzy finder over controls by ID, title and framework; exact ID prefixes rank first. */
export function createControlSearch(
  controls: readonly Control[],
): (query: string, limit?: number) => Control[] {
  const entries = controls.map((control) => ({ control, keywords: searchKeywords[control.id] ?? '' }));
  const fuse = new Fuse(entries, {
    keys: [
      { name: 'control.id', weight: 3 },
      { name: 'control.title', weight: 2 },
      { name: 'keywords', weight: 1.5 },
      { name: 'control.framework', weight: 0.5 },
    ],
    threshold: 0.4,
    ignoreLocation: true,
  });
  return (query, limit = 30) => {
    const q = query.trim();
    if (!q) return controls.slice(0, limit);
    const norm = normaliseId(q);
    const byPrefix = controls.filter((c) => normaliseId(c.id).startsWith(norm));
    const fuzzy = fuse.search(q, { limit: limit * 2 }).map((r) => r.item.control);
    return [...new Set([...byPrefix, ...fuzzy])].slice(0, limit);
  };
}

/** `a5.15`, `A 5 15` and `A.5.15` compare equal. */
function normaliseId(id: string): string {
  return id.toLowerCase().replace(/[\s._:-]+/g, '');
}
