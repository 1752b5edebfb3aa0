import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseRecipeText } from '../../lib/recipes/parse-recipe';
import { describeOutcome } from '../../lib/recipes/run-types';
import { runRecipeJob } from '../automation/recipe-job';
import { parseCapturer, parseCommandLine, UsageError } from './usage';

/**
 * `prooftrail capture --recipe FILE --profile DIR`: every step of a recipe file, in one headless
 * Chromium on the profile (its signed-in sessions reused), through the library's Run now. One line
 * per step on stdout; exit 0 only when every step captured. A bad file is refused before anything
 * runs, every problem named by its JSON path.
 */
export async function runRecipeCapture(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, {
    recipe: { type: 'string' },
    profile: { type: 'string' },
    capturer: { type: 'string' },
  });
  if (!values.recipe?.trim()) throw new UsageError('--recipe needs a recipe file (docs/recipe-format.md)');
  if (!values.profile?.trim())
    throw new UsageError('--recipe needs --profile DIR: the browser profile where you are signed in');
  const capturer = values.capturer ? parseCapturer(values.capturer) : undefined;
  const file = values.recipe;
  if (!existsSync(file) || !statSync(file).isFile())
    throw new UsageError(`--recipe "${file}" does not exist`);
  const parsed = parseRecipeText(readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    console.error(`prooftrail capture: ${file} is not a valid recipe, so nothing was run:`);
    for (const p of parsed.problems) console.error(`  ${file}: ${p}`);
    return 2;
  }
  const shown = await runRecipeJob({
    profile: values.profile,
    file,
    steps: parsed.recipe.steps.length,
    capturer,
    log: (line) => console.error(line),
  });
  if (shown.state === 'failed') {
    const hint = /Set your name and email/.test(shown.summary) ? ' (or pass --capturer "NAME <EMAIL>")' : '';
    console.error(`prooftrail capture: ${shown.summary}${hint}`);
    return 1;
  }
  for (const s of shown.steps) console.log(describeOutcome(s));
  const failed = shown.steps.filter((s) => !s.ok).length;
  if (failed) console.error(`prooftrail capture: ${shown.summary}`);
  return failed || shown.steps.length !== parsed.recipe.steps.length ? 1 : 0;
}
