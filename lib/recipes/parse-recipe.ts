import { type Recipe, recipeSchema } from '../formats/recipe';
import type { z } from '../formats/zod';

/** A recipe file read: the recipe, or every problem, each named by its JSON path. */
export type RecipeParse = { ok: true; recipe: Recipe } | { ok: false; problems: string[] };

/**
 * Reads a recipe file's text (docs/recipe-format.md). A file with any problem is refused whole;
 * each problem names its place, e.g. `steps[1].waitFor (step 2): expected a CSS selector`.
 */
export function parseRecipeText(text: string): RecipeParse {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  return checkRecipe(data);
}

/** Checks parsed JSON against the recipe schema. */
export function checkRecipe(data: unknown): RecipeParse {
  const parsed = recipeSchema.safeParse(data);
  if (parsed.success) return { ok: true, recipe: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap(describeIssue) };
}

/** One line per problem: `path: message`; an unknown field is named by its own path. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => `${jsonPath([...issue.path, key])}: unknown field`);
  const at = jsonPath(issue.path);
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return [`${at}: required`];
  return [`${at}: ${issue.message}`];
}

/**
 * `steps[1].url (step 2)`: dots and brackets as in JavaScript, `(root)` for the whole file. The
 * step's number as the run reports it (from 1) follows an index into `steps`.
 */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  const step = path[0] === 'steps' && typeof path[1] === 'number' ? ` (step ${path[1] + 1})` : '';
  return out + step;
}

/** The recipe as a file: what export writes and the editor shows. */
export function recipeToText(recipe: Recipe): string {
  const { schema, name, steps } = recipe;
  return `${JSON.stringify({ schema, name, steps }, null, 2)}\n`;
}
