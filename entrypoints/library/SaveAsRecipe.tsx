import { useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { recipeFromCapture } from '../../lib/recipes/from-capture';
import { saveRecipe } from '../../lib/recipes/recipes-repo';

/** "Save as recipe" in a capture's detail: a one-step recipe that captures the same page again. */
export function SaveAsRecipe({ capture }: { capture: CaptureMetadata }) {
  const [outcome, setOutcome] = useState<{ error: boolean; lines: string[] }>();
  const save = async () => {
    const made = recipeFromCapture(capture);
    if (!made.ok) {
      setOutcome({ error: true, lines: [made.problem] });
      return;
    }
    try {
      const row = await saveRecipe(getDb(), made.recipe);
      setOutcome({
        error: false,
        lines: [
          `Saved as the recipe “${row.name}” (see Recipes, where you can edit and run it).`,
          ...made.remarks,
        ],
      });
    } catch (e) {
      setOutcome({ error: true, lines: [`Not saved: ${e instanceof Error ? e.message : String(e)}`] });
    }
  };
  return (
    <div class="save-as-recipe">
      <button type="button" onClick={() => void save()}>
        Save as recipe
      </button>
      {outcome && (
        <ul class={outcome.error ? 'error' : 'recipe-saved'} role={outcome.error ? 'alert' : 'status'}>
          {outcome.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
