import type { Control } from './types';

/** Resolves picked IDs to controls, in the order given; fails naming the first unknown ID. */
export function getControlsByIds(
  all: readonly Control[],
  ids: readonly string[],
): { ok: true; controls: Control[] } | { ok: false; problem: string } {
  const unique = [...new Set(ids)];
  if (!unique.length) return { ok: false, problem: 'Pick at least one control to tag this capture to.' };
  const byId = new Map(all.map((c) => [c.id, c]));
  const controls: Control[] = [];
  for (const id of unique) {
    const c = byId.get(id);
    if (!c)
      return { ok: false, problem: `Unknown control "${id}": it is in no built-in or imported catalog.` };
    controls.push(c);
  }
  return { ok: true, controls };
}
