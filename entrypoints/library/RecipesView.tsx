import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database';
import type { Recipe, RecipeRow } from '../../lib/formats/recipe';
import { sendMessage } from '../../lib/messaging/client';
import { parseRecipeText, recipeToText } from '../../lib/recipes/parse-recipe';
import { deleteRecipe, listRecipes, recipeOfRow, saveRecipe } from '../../lib/recipes/recipes-repo';
import { RUN_ORIGINS } from '../../lib/recipes/run-types';
import { downloadBlob } from './download';
import { plural, type Run, RunOutcome, useRunProgress } from './RecipeRun';
import './recipes.css';

/** Props of the recipes view. */
export interface RecipesViewProps {
  /** Called after a run, so the evidence shown includes its captures. */
  onRan?: () => void;
}

/** What the editor holds: the JSON text, and the saved recipe it edits (none for a new one). */
interface Draft {
  id?: string;
  name?: string;
  text: string;
}

let runs = 0;

const TEMPLATE = `${JSON.stringify(
  {
    schema: 'prooftrail.recipe/1',
    name: '',
    steps: [{ url: 'https://', controlIds: [], waitFor: '' }],
  },
  null,
  2,
)}\n`;

/**
 * Capture recipes: the saved ones (Run now, Edit, Export, Delete), a JSON editor checked against
 * the recipe schema (every problem named by its path), loading a recipe file, and each run's
 * outcome per step.
 */
export function RecipesView({ onRan }: RecipesViewProps) {
  const db = getDb();
  const [rows, setRows] = useState<RecipeRow[]>();
  const [draft, setDraft] = useState<Draft>({ text: TEMPLATE });
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [run, setRun] = useState<Run>();
  const [deleting, setDeleting] = useState<string>();
  const editorRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const sub = liveQuery(() => listRecipes(db)).subscribe({
      next: setRows,
      error: (e: unknown) => setStatus(`Could not read the recipes: ${String(e)}`),
    });
    return () => sub.unsubscribe();
  }, []);

  const progress = useRunProgress();
  const running = run?.state === 'running' || progress !== undefined;

  /** The editor's recipe, or undefined with its problems shown. */
  const checked = (): Recipe | undefined => {
    const parsed = parseRecipeText(draft.text);
    setProblems(parsed.ok ? [] : parsed.problems);
    if (!parsed.ok) setStatus('The recipe has problems (listed below); fix them first.');
    return parsed.ok ? parsed.recipe : undefined;
  };

  const start = (recipe: Recipe) => {
    // Asked within the click: the browser shows its prompt only during a user gesture.
    const asked = browser.permissions.request({ origins: RUN_ORIGINS });
    const seq = ++runs;
    setRun({ seq, state: 'running', name: recipe.name, steps: recipe.steps.length });
    void (async () => {
      let granted = false;
      try {
        granted = await asked;
      } catch (e) {
        setRun({ seq, state: 'failed', name: recipe.name, error: `Access was not granted: ${String(e)}` });
        return;
      }
      if (!granted) {
        setRun({
          seq,
          state: 'failed',
          name: recipe.name,
          error:
            'Access to all sites was not granted, so nothing ran: capturing pages without a click needs it.',
        });
        return;
      }
      const reply = await sendMessage('runRecipe', { recipe }).catch(
        (e: unknown) => ({ ok: false, error: `The run stopped: ${String(e)}` }) as const,
      );
      setRun(
        reply.ok
          ? { seq, state: 'done', result: reply.value }
          : { seq, state: 'failed', name: recipe.name, error: reply.error },
      );
      onRan?.();
    })();
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const recipe = checked();
    if (!recipe) return;
    try {
      const row = await saveRecipe(db, recipe, draft.id);
      setDraft({ id: row.id, name: row.name, text: recipeToText(recipeOfRow(row)) });
      setStatus(`Saved the recipe “${row.name}”.`);
    } catch (err) {
      setStatus(`Not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const load = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    const parsed = parseRecipeText(text);
    setDraft({ text });
    setProblems(parsed.ok ? [] : parsed.problems);
    setStatus(
      parsed.ok
        ? `Loaded ${file.name}: “${parsed.recipe.name}”, ${plural(parsed.recipe.steps.length, 'step')}. Save recipe keeps it; Run now runs it.`
        : `${file.name} is not a valid recipe; nothing was saved or run.`,
    );
  };

  const edit = (row: RecipeRow) => {
    setDraft({ id: row.id, name: row.name, text: recipeToText(recipeOfRow(row)) });
    setProblems([]);
    setStatus(`Editing “${row.name}”.`);
    editorRef.current?.scrollIntoView({ block: 'start' });
  };

  const exportRow = async (row: RecipeRow) => {
    const name = `${row.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'recipe'}.recipe.json`;
    try {
      await downloadBlob(new Blob([recipeToText(recipeOfRow(row))], { type: 'application/json' }), name);
      setStatus(`Exported “${row.name}” as ${name} (downloads folder).`);
    } catch (err) {
      setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const remove = async (row: RecipeRow) => {
    await deleteRecipe(db, row.id);
    setDeleting(undefined);
    if (draft.id === row.id) setDraft({ text: draft.text });
    setStatus(`Deleted the recipe “${row.name}”.`);
  };

  return (
    <section class="recipes" aria-labelledby="recipes-heading">
      <h2 id="recipes-heading">Recipes</h2>
      <p class="muted small">
        A recipe captures pages that recur, each step in a window of its own: open the page, wait for
        something only the signed-in console shows, capture, close. A step that fails stores nothing. Run them
        here, or on a schedule with <code>npx prooftrail capture --recipe FILE --profile DIR</code>.
      </p>
      {rows === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">No recipe yet. Save one from a capture (“Save as recipe”), or write one below.</p>
      ) : (
        <table class="recipe-list" aria-label="Saved recipes">
          <thead>
            <tr>
              <th scope="col">Recipe</th>
              <th scope="col">Steps</th>
              <th scope="col">Controls</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-recipe-id={row.id}>
                <th scope="row">{row.name}</th>
                <td>{row.steps.length}</td>
                <td class="mono">{row.controlIds.join(', ')}</td>
                <td class="recipe-actions">
                  {deleting === row.id ? (
                    <fieldset class="confirm-delete" aria-label={`Confirm deleting ${row.name}`}>
                      Delete this recipe? (Its captures stay.){' '}
                      <button type="button" class="danger" onClick={() => void remove(row)}>
                        Delete recipe
                      </button>
                      <button type="button" onClick={() => setDeleting(undefined)}>
                        Cancel
                      </button>
                    </fieldset>
                  ) : (
                    <>
                      <button
                        type="button"
                        disabled={running}
                        aria-label={`Run now: ${row.name}`}
                        onClick={() => start(recipeOfRow(row))}
                      >
                        Run now
                      </button>
                      <button type="button" aria-label={`Edit ${row.name}`} onClick={() => edit(row)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`Export ${row.name}`}
                        onClick={() => void exportRow(row)}
                      >
                        Export
                      </button>
                      <button
                        type="button"
                        aria-label={`Delete ${row.name}`}
                        onClick={() => setDeleting(row.id)}
                      >
                        Delete…
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RunOutcome run={run} progress={progress} />
      <form class="recipe-editor" aria-label="Recipe editor" ref={editorRef} onSubmit={save}>
        <h3>{draft.id ? `Editing “${draft.name}”` : 'New recipe'}</h3>
        <label>
          Load a recipe file (.json)
          <input type="file" accept=".json,application/json" onChange={(e) => void load(e.currentTarget)} />
        </label>
        <label>
          Recipe (JSON, see docs/recipe-format.md)
          <textarea
            rows={16}
            spellcheck={false}
            class="mono"
            value={draft.text}
            onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
          />
        </label>
        {problems.length > 0 && (
          <ul class="recipe-problems error" role="alert" aria-label="Problems in the recipe">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <div class="row">
          <button type="submit">Save recipe</button>
          <button
            type="button"
            disabled={running}
            onClick={() => {
              const recipe = checked();
              if (recipe) start(recipe);
            }}
          >
            Run now
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft({ text: TEMPLATE });
              setProblems([]);
              setStatus('');
            }}
          >
            New recipe
          </button>
        </div>
        <p role="status" class="recipe-status small">
          {status}
        </p>
      </form>
    </section>
  );
}
