import type { Page } from 'playwright-core';
import type { RecipeStepOutcome } from '../../lib/recipes/run-types';

/** A run's outcome as the library's Recipes view shows it. */
export type RecipeRunShown =
  | {
      state: 'done';
      summary: string;
      /** Each step's outcome, read back from the view, with the line it shows. */
      steps: (RecipeStepOutcome & { text: string })[];
    }
  | { state: 'failed'; summary: string; steps: [] };

/** Page object for the library's Recipes view (entrypoints/library/RecipesView.tsx). */
export class RecipesPage {
  constructor(readonly page: Page) {}

  get editor() {
    return this.page.getByRole('form', { name: 'Recipe editor' });
  }

  /** Loads a recipe file into the editor; returns whether it is valid, the status and its problems. */
  async loadFile(path: string): Promise<{ ok: boolean; status: string; problems: string[] }> {
    const name = path.split(/[\\/]/).pop() ?? path;
    await this.editor.getByLabel('Load a recipe file (.json)').setInputFiles(path);
    const status = this.editor.locator('.recipe-status').filter({ hasText: name });
    await status.waitFor();
    const text = ((await status.textContent()) ?? '').trim();
    return {
      ok: text.startsWith('Loaded'),
      status: text,
      problems: await this.editor.locator('.recipe-problems li').allTextContents(),
    };
  }

  /** Presses the editor's Run now and waits for this run's outcome. */
  runEditor(timeoutMs: number): Promise<RecipeRunShown> {
    return this.runBy(this.editor.getByRole('button', { name: 'Run now', exact: true }), timeoutMs);
  }

  /** Presses Run now beside a saved recipe and waits for this run's outcome. */
  runSaved(name: string, timeoutMs: number): Promise<RecipeRunShown> {
    return this.runBy(this.page.getByRole('button', { name: `Run now: ${name}`, exact: true }), timeoutMs);
  }

  private async runBy(button: ReturnType<Page['getByRole']>, timeoutMs: number): Promise<RecipeRunShown> {
    const before = await this.page.evaluate(() =>
      Number(document.querySelector('.run-outcome')?.getAttribute('data-run') ?? 0),
    );
    await button.click();
    const outcome = this.page.locator('.run-outcome[data-state="done"], .run-outcome[data-state="failed"]');
    await this.page.waitForFunction(
      (n) => {
        const el = document.querySelector('.run-outcome');
        return !!el && Number(el.getAttribute('data-run')) > n && el.getAttribute('data-state') !== 'running';
      },
      before,
      { timeout: timeoutMs, polling: 200 },
    );
    const state = (await outcome.getAttribute('data-state')) as 'done' | 'failed';
    const summary = ((await outcome.locator('p').first().textContent()) ?? '').trim();
    if (state === 'failed') return { state, summary, steps: [] };
    const steps = await outcome.locator('.run-steps > li').evaluateAll((items) =>
      // No named helpers in here: the CLI's TypeScript loader would wrap them in a function the page lacks.
      items.map((li) => {
        const common = {
          step: Number(li.getAttribute('data-step')),
          url: li.getAttribute('data-url') ?? '',
          text: li.textContent?.trim() ?? '',
        };
        return li.getAttribute('data-ok') === 'true'
          ? {
              ...common,
              ok: true as const,
              captureId: li.getAttribute('data-capture-id') ?? '',
              pageUrl: li.getAttribute('data-page-url') ?? '',
            }
          : { ...common, ok: false as const, reason: li.getAttribute('data-reason') ?? '' };
      }),
    );
    return { state, summary, steps };
  }
}
