import { CAPTURE_SCHEMA, type CaptureMetadata } from '../formats/capture-metadata';
import { RECIPE_SCHEMA, type Recipe, type RecipeStep } from '../formats/recipe';
import { REDACTED_TEXT } from '../page-agent/redaction';
import { checkRecipe } from './parse-recipe';

/** A one-step recipe made from a capture, with what could not be carried over. */
export type RecipeFromCapture =
  | { ok: true; recipe: Recipe; remarks: string[] }
  | { ok: false; problem: string };

/**
 * The recipe that captures the same page again: its address, controls, mode, element selector and
 * note. What the record cannot say (a drawn region, a secret the address held) is left out and
 * named in `remarks`. An element step waits for its element, so a login page is never captured.
 */
export function recipeFromCapture(capture: CaptureMetadata): RecipeFromCapture {
  const remarks: string[] = [];
  if (!/^https?:\/\//i.test(capture.pageUrl))
    return { ok: false, problem: 'Only pages at an http or https address can be opened again by a recipe.' };
  const url = withoutRedactedParts(capture.pageUrl);
  if (url !== capture.pageUrl)
    remarks.push(
      'The address held secret-looking parameters, stored as [redacted]; they were left out of the recipe.',
    );
  const step: Partial<RecipeStep> & Pick<RecipeStep, 'url' | 'controlIds'> = {
    url,
    controlIds: [...capture.controlIds],
  };
  const mode = capture.captureMode;
  const selector = capture.schema === CAPTURE_SCHEMA ? capture.target?.selector : undefined;
  if (mode === 'full-page') step.mode = 'full-page';
  else if (mode === 'element' && selector) {
    step.mode = 'element';
    step.selector = selector;
    step.waitFor = selector;
  } else if (mode === 'element')
    remarks.push('The element was picked without a selector: the step captures the visible area.');
  else if (mode === 'region')
    remarks.push('A drawn region cannot be replayed: the step captures the visible area.');
  if (capture.note.trim()) step.note = capture.note.trim();
  if (!step.waitFor)
    remarks.push(
      'Add a "waitFor" selector of something only the signed-in page shows, so a login page is never captured.',
    );
  const recipe = checkRecipe({ schema: RECIPE_SCHEMA, name: nameOf(capture), steps: [step] });
  if (!recipe.ok)
    return { ok: false, problem: `This capture cannot become a recipe: ${recipe.problems.join('; ')}` };
  return { ok: true, recipe: recipe.recipe, remarks };
}

/** "Quarterly access review (A.5.18)": the page title (or host) and the controls, within 200 characters. */
function nameOf(capture: CaptureMetadata): string {
  let page = capture.pageTitle.trim();
  if (!page) {
    try {
      page = new URL(capture.pageUrl).host;
    } catch {
      page = 'Capture';
    }
  }
  const controls = ` (${capture.controlIds.join(', ')})`;
  return (
    (page.length + controls.length > 200 ? page.slice(0, Math.max(1, 200 - controls.length)) : page) +
    controls
  );
}

const redacted = REDACTED_TEXT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The address without what capture replaced by `[redacted]`: a `user:password@` part, and each
 * `name=[redacted]` parameter of the query or fragment (the others stay as they were).
 */
export function withoutRedactedParts(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i, (whole, scheme: string, info: string) =>
    info.includes(REDACTED_TEXT) ? scheme : whole,
  );
  out = out.replace(new RegExp(`([?&#])[^=&#?]*=${redacted}(?=[&#]|$)`, 'g'), '$1');
  return out
    .replace(/([?#])&+/g, '$1')
    .replace(/&{2,}/g, '&')
    .replace(/&+(?=#|$)/g, '')
    .replace(/\?(?=#|$)/, '')
    .replace(/#$/, '');
}
