import type { ProofTrailDb } from '../db/database';
import type { Recipe, RecipeRow } from '../formats/recipe';

/** Every saved recipe, by name. */
export async function listRecipes(db: ProofTrailDb): Promise<RecipeRow[]> {
  const rows = await db.recipes.toArray();
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt));
}

/** Recipes with a step tagging this control (for reminders and the coverage grid). */
export function recipesForControl(db: ProofTrailDb, controlId: string): Promise<RecipeRow[]> {
  return db.recipes.where('controlIds').equals(controlId).toArray();
}

/** Saves a checked recipe: a new row, or the row `id` replaced (keeping when it was made). */
export async function saveRecipe(
  db: ProofTrailDb,
  recipe: Recipe,
  id?: string,
  now: Date = new Date(),
): Promise<RecipeRow> {
  return db.transaction('rw', db.recipes, async () => {
    const before = id ? await db.recipes.get(id) : undefined;
    if (id && !before) throw new Error('That recipe is no longer in the library (deleted elsewhere?).');
    const at = now.toISOString();
    const row: RecipeRow = {
      schema: recipe.schema,
      name: recipe.name,
      steps: recipe.steps,
      id: before?.id ?? crypto.randomUUID(),
      controlIds: [...new Set(recipe.steps.flatMap((s) => s.controlIds))],
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
    };
    await db.recipes.put(row);
    return row;
  });
}

export async function deleteRecipe(db: ProofTrailDb, id: string): Promise<void> {
  await db.recipes.delete(id);
}

/** The recipe a row holds, as a file has it. */
export function recipeOfRow(row: RecipeRow): Recipe {
  return { schema: row.schema, name: row.name, steps: row.steps };
}
