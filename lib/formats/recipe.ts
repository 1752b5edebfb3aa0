import { z } from './zod';

/** Schema id of a capture recipe file (docs/recipe-format.md). */
export const RECIPE_SCHEMA = 'prooftrail.recipe/1';

/** One capture a recipe makes: where, tagged to what, how, and what must be on the page first. */
export const recipeStepSchema = z.strictObject({
  /** Page to open (http or https). */
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'expected an http or https address'),
  /** Controls the capture is evidence for. */
  controlIds: z.array(z.string().trim().min(1)).min(1),
  mode: z.enum(['visible', 'full-page', 'element']).default('visible'),
  /** Element mode: the element to capture. */
  selector: z.string().min(1).optional(),
  /** CSS selectors blacked out besides the built-in rules. */
  redact: z.array(z.string().min(1)).default([]),
  /** A CSS selector that must appear before capturing (proves the console, not a login page, loaded). */
  waitFor: z.string().min(1).optional(),
  note: z.string().default(''),
  /** Auditor request (and sample) the capture fulfils. */
  request: z.string().min(1).optional(),
  sample: z.string().min(1).optional(),
});
export type RecipeStep = z.infer<typeof recipeStepSchema>;

/** A saved list of captures, run together (the library's Run now, or `prooftrail capture --recipe`). */
export const recipeSchema = z.strictObject({
  schema: z.literal(RECIPE_SCHEMA),
  name: z.string().trim().min(1).max(200),
  steps: z.array(recipeStepSchema).min(1).max(100),
});
export type Recipe = z.infer<typeof recipeSchema>;

/** A recipe as the library keeps it. */
export interface RecipeRow extends Recipe {
  id: string;
  /** Every control its steps tag (for lookup by control). */
  controlIds: string[];
  createdAt: string;
  updatedAt: string;
}
