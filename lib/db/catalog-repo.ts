import { builtinControls, builtinFrameworks } from '../catalog/builtin';
import type { Control } from '../catalog/types';
import type { ProofTrailDb } from './database';

/** Built-in controls followed by imported ones. */
export async function listAllControls(db: ProofTrailDb): Promise<Control[]> {
  return withBuiltinControls(await db.customControls.toArray());
}

/** Built-in controls followed by these imported ones (their stored extras left out). */
export function withBuiltinControls(custom: readonly Control[]): Control[] {
  return [...builtinControls, ...custom.map(({ id, title, framework }) => ({ id, title, framework }))];
}

/**
 * Replaces the custom catalogs named in `controls` with these controls, atomically. Fails, storing
 * nothing, when an ID is already used by a control of another framework.
 */
export async function importCustomControls(
  db: ProofTrailDb,
  controls: readonly Control[],
  now: Date = new Date(),
): Promise<{ frameworks: string[]; count: number }> {
  const frameworks = [...new Set(controls.map((c) => c.framework))];
  for (const fw of frameworks) {
    if (builtinFrameworks.has(fw)) throw new Error(`Framework "${fw}" is built in and cannot be replaced.`);
  }
  const builtinIds = new Map(builtinControls.map((c) => [c.id, c.framework]));
  await db.transaction('rw', db.customControls, async () => {
    const others = await db.customControls.where('framework').noneOf(frameworks).toArray();
    const taken = new Map([...builtinIds, ...others.map((c) => [c.id, c.framework] as const)]);
    for (const c of controls) {
      const owner = taken.get(c.id);
      if (owner) throw new Error(`Control ID "${c.id}" is already used by ${owner}.`);
    }
    await db.customControls.where('framework').anyOf(frameworks).delete();
    const importedAt = now.toISOString();
    await db.customControls.bulkAdd(controls.map((c) => ({ ...c, importedAt })));
  });
  return { frameworks, count: controls.length };
}

/** Removes one imported framework; built-in ones cannot be removed. */
export async function removeCustomFramework(db: ProofTrailDb, framework: string): Promise<number> {
  return db.customControls.where('framework').equals(framework).delete();
}

/** Imported frameworks with their control counts. */
export async function listCustomFrameworks(
  db: ProofTrailDb,
): Promise<{ framework: string; count: number }[]> {
  const counts = new Map<string, number>();
  await db.customControls.each((c) => counts.set(c.framework, (counts.get(c.framework) ?? 0) + 1));
  return [...counts]
    .map(([framework, count]) => ({ framework, count }))
    .sort((a, b) => a.framework.localeCompare(b.framework));
}
