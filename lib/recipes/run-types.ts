/**
 * The access a run needs, asked by the library on Run now: capturing a tab nobody clicked the
 * toolbar button on takes access to all sites (the browser's rule for captureVisibleTab).
 */
export const RUN_ORIGINS = ['<all_urls>'];

/** What one step of a recipe run did. */
export type RecipeStepOutcome =
  | {
      /** The step's number, from 1. */
      step: number;
      url: string;
      ok: true;
      captureId: string;
      /** The address captured (after redirects, secrets redacted), as the record has it. */
      pageUrl: string;
    }
  | { step: number; url: string; ok: false; reason: string };

/** A recipe run: every step's outcome, in order. */
export interface RecipeRunResult {
  name: string;
  steps: RecipeStepOutcome[];
}

/** "step 2: …" or "step 1 ok <id>": one line per step, as the CLI prints it. */
export function describeOutcome(o: RecipeStepOutcome): string {
  return o.ok ? `step ${o.step} ok ${o.captureId} ${o.pageUrl}` : `FAILED step ${o.step}: ${o.reason}`;
}

/** `storage.session` key under which the worker shows a run's progress to the library while it runs. */
export const RUN_PROGRESS_KEY = 'recipeRunProgress';

/** A run in progress: the steps done so far, of `total`. */
export interface RecipeRunProgress {
  name: string;
  total: number;
  steps: RecipeStepOutcome[];
}
