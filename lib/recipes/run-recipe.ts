import type { CaptureRequest } from '../capture/capture-page';
import type { ProofTrailDb } from '../db/database';
import { getIdentity } from '../db/settings-repo';
import type { CaptureMetadata } from '../formats/capture-metadata';
import { DEFAULT_WAIT_SECONDS, type Recipe, type RecipeStep } from '../formats/recipe';
import type { Result } from '../messaging/protocol';
import type { RecipeRunResult, RecipeStepOutcome } from './run-types';

/** Why a step stopped; its message is shown as the step's reason. */
export class StepFailure extends Error {}

/** A page opened for a step: where it landed. */
export interface OpenedPage {
  tabId: number;
  /** The document's address after redirects. */
  url: string;
}

/** The browser facilities a run needs, passed in so the logic runs under fakes too. */
export interface RecipeRunDeps {
  db: ProofTrailDb;
  /**
   * Opens the address in a new tab, the visible tab of its window, and waits for it to load;
   * throws StepFailure on a network error, an HTTP error or a page that never finishes loading.
   */
  openPage(url: string): Promise<OpenedPage>;
  /** Waits until an element matches `selector` in the tab's page; false when time runs out. */
  waitForSelector(tabId: number, selector: string, timeoutMs: number): Promise<boolean>;
  /** The capture path a manual capture takes (same record, ledger and timestamps). */
  capture(req: CaptureRequest): Promise<Result<CaptureMetadata>>;
  closeTab(tabId: number): Promise<void>;
  /** Told each step's outcome as soon as it is known (progress for the library). */
  onStep?(done: RecipeStepOutcome[], total: number): Promise<void>;
  now?: () => Date;
}

/**
 * Runs every step in order, each in a tab of its own that is closed afterwards. A step that fails
 * stores nothing and says why; the steps after it still run. A step naming an auditor request is
 * linked to it once its capture is committed.
 */
export async function runRecipe(recipe: Recipe, deps: RecipeRunDeps): Promise<RecipeRunResult> {
  if (!(await getIdentity(deps.db)))
    throw new StepFailure(
      'Set your name and email (Settings) before running a recipe; nothing was captured.',
    );
  const steps: RecipeStepOutcome[] = [];
  for (const [i, step] of recipe.steps.entries()) {
    const base = { step: i + 1, url: step.url };
    steps.push(await stepOutcome(step, base, deps));
    await deps.onStep?.([...steps], recipe.steps.length).catch(() => undefined);
  }
  return { name: recipe.name, steps };
}

/** Runs one step and says how it went. */
async function stepOutcome(
  step: RecipeStep,
  base: { step: number; url: string },
  deps: RecipeRunDeps,
): Promise<RecipeStepOutcome> {
  let record: CaptureMetadata;
  try {
    record = await runStep(step, deps);
  } catch (e) {
    return {
      ...base,
      ok: false,
      reason: `${messageOf(e).replace(/\.$/, '')}; nothing was stored for this step`,
    };
  }
  try {
    if (step.request) await linkToRequest(deps, record.id, step.request, step.sample);
    return { ...base, ok: true, captureId: record.id, pageUrl: record.pageUrl };
  } catch (e) {
    return {
      ...base,
      ok: false,
      reason: `captured ${record.id}, but linking it to request "${step.request}" failed: ${messageOf(e)}`,
    };
  }
}

function messageOf(e: unknown): string {
  if (e instanceof StepFailure) return e.message;
  return `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
}

async function runStep(step: RecipeStep, deps: RecipeRunDeps): Promise<CaptureMetadata> {
  await checkRequestNamed(step, deps.db);
  const page = await deps.openPage(step.url);
  try {
    if (step.waitFor) {
      const seconds = step.waitSeconds ?? DEFAULT_WAIT_SECONDS;
      if (!(await deps.waitForSelector(page.tabId, step.waitFor, seconds * 1000)))
        throw new StepFailure(
          `"${step.waitFor}" did not appear within ${seconds} s on ${page.url} (a login page instead of the console? sign in in this browser profile and run again)`,
        );
    }
    const captured = await deps.capture({
      tabId: page.tabId,
      controlIds: step.controlIds,
      note: step.note,
      mode: step.mode,
      ...(step.mode === 'element' ? { selector: step.selector } : {}),
      ...(step.redact.length ? { redactSelectors: step.redact } : {}),
    });
    if (!captured.ok) throw new StepFailure(`the capture failed: ${captured.error}`);
    return captured.value;
  } finally {
    await deps.closeTab(page.tabId).catch(() => undefined);
  }
}

/** A step naming a request is refused before its page is opened when the library lacks it. */
async function checkRequestNamed(step: RecipeStep, db: ProofTrailDb): Promise<void> {
  if (!step.request) return;
  const request = await db.requests.get(step.request);
  if (!request)
    throw new StepFailure(
      `the auditor request "${step.request}" is not in the library (import the request list first)`,
    );
  if (step.sample && !request.samples.some((s) => s.id === step.sample))
    throw new StepFailure(`the auditor request "${step.request}" has no sample "${step.sample}"`);
}

/** Written after the capture committed: the capture fulfils the request (and sample). */
async function linkToRequest(
  deps: RecipeRunDeps,
  captureId: string,
  requestId: string,
  sampleId: string | undefined,
): Promise<void> {
  await deps.db.requestLinks.put({
    captureId,
    requestId,
    ...(sampleId ? { sampleId } : {}),
    population: false,
    linkedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
}
