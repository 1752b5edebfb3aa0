import { z } from './zod';

/** Schema id of a capture recipe file (docs/recipe-format.md). */
export const RECIPE_SCHEMA = 'prooftrail.recipe/1';

/** Seconds a step waits for its `waitFor` selector when the step does not say. */
export const DEFAULT_WAIT_SECONDS = 20;

/** A CSS selector as the capture path accepts it (lib/messaging/protocol.ts). */
const cssSelector = z.string().trim().min(1, 'expected a CSS selector').max(4000);

/** Why an address cannot be a step's page, or undefined. */
function urlProblem(u: string): string | undefined {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'expected a web address (https://…)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'expected an http or https address';
  if (url.username || url.password)
    return 'the address must not carry a user name or password; sign in in the browser instead';
  return undefined;
}

/** One capture a recipe makes: where, tagged to what, how, and what must be on the page first. */
export const recipeStepSchema = z
  .strictObject({
    /** Page to open (http or https). */
    url: z
      .string()
      .max(8000)
      .superRefine((u, ctx) => {
        const problem = urlProblem(u);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    /** Controls the capture is evidence for. */
    controlIds: z
      .array(z.string().trim().min(1, 'expected a control ID').max(200))
      .min(1, 'name at least one control')
      .max(1000),
    mode: z.enum(['visible', 'full-page', 'element']).default('visible'),
    /** Element mode: the element to capture. */
    selector: cssSelector.optional(),
    /** CSS selectors blacked out besides the built-in rules. */
    redact: z.array(cssSelector).max(1000).default([]),
    /** A CSS selector that must appear before capturing (proves the console, not a login page, loaded). */
    waitFor: cssSelector.optional(),
    /** How long to wait for `waitFor`, in seconds. */
    waitSeconds: z
      .number()
      .int('expected whole seconds')
      .min(1, 'expected 1 to 300 seconds')
      .max(300, 'expected 1 to 300 seconds')
      .optional(),
    note: z.string().max(5000).default(''),
    /** Auditor request (and sample) the capture fulfils. */
    request: z.string().trim().min(1).max(200).optional(),
    sample: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((step, ctx) => {
    if (step.mode === 'element' && step.selector === undefined)
      ctx.addIssue({ code: 'custom', path: ['selector'], message: 'element mode needs a selector' });
    if (step.mode !== 'element' && step.selector !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['selector'],
        message: `a selector is used only in element mode (this step's mode is "${step.mode}")`,
      });
    if (step.sample !== undefined && step.request === undefined)
      ctx.addIssue({ code: 'custom', path: ['sample'], message: 'a sample needs the request it belongs to' });
    if (step.waitSeconds !== undefined && step.waitFor === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['waitSeconds'],
        message: 'waitSeconds needs a waitFor selector',
      });
  });
export type RecipeStep = z.infer<typeof recipeStepSchema>;

/** A saved list of captures, run together (the library's Run now, or `prooftrail capture --recipe`). */
export const recipeSchema = z.strictObject({
  schema: z.literal(RECIPE_SCHEMA),
  name: z.string().trim().min(1, 'expected a name').max(200),
  steps: z.array(recipeStepSchema).min(1, 'a recipe needs at least one step').max(100),
});
export type Recipe = z.infer<typeof recipeSchema>;
/** A recipe as written in a file (defaults not filled in yet). */
export type RecipeInput = z.input<typeof recipeSchema>;

/** A recipe as the library keeps it. */
export interface RecipeRow extends Recipe {
  id: string;
  /** Every control its steps tag (for lookup by control). */
  controlIds: string[];
  createdAt: string;
  updatedAt: string;
}
