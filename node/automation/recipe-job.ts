import { resolve } from 'node:path';
import { type ProfileJob, setIdentityIfMissing, withLibrary } from './library-job';
import { type RecipeRunShown, RecipesPage } from './recipes-page';

/** Longest a step may take in the worker: loading (45 s), waitFor (at most 300 s), the capture. */
const STEP_BUDGET_MS = 420_000;

/**
 * Runs a recipe file on a profile through the library's Recipes view (load the file, Run now),
 * the same runner a person's click uses; returns the outcome the view shows.
 */
export async function runRecipeJob(
  job: ProfileJob & { file: string; steps: number; capturer?: { name: string; email: string } },
): Promise<RecipeRunShown> {
  return withLibrary(job, !job.capturer, async (library, b) => {
    if (job.capturer) await setIdentityIfMissing(b, job.capturer);
    await library.showView('Recipes');
    const recipes = new RecipesPage(library.page);
    const loaded = await recipes.loadFile(resolve(job.file));
    if (!loaded.ok) throw new Error(`${loaded.status}\n  ${loaded.problems.join('\n  ')}`);
    return recipes.runEditor(job.steps * STEP_BUDGET_MS);
  });
}
