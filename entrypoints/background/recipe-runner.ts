import { browser } from 'wxt/browser';
import type { CaptureRequest } from '../../lib/capture/capture-page';
import { getDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { Recipe } from '../../lib/formats/recipe';
import type { Result } from '../../lib/messaging/protocol';
import { type OpenedPage, runRecipe, StepFailure } from '../../lib/recipes/run-recipe';
import {
  type RecipeRunProgress,
  type RecipeRunResult,
  RUN_ORIGINS,
  RUN_PROGRESS_KEY,
} from '../../lib/recipes/run-types';
import { handleCaptureTab } from './capture-service';

/** How long a step's page may take to load (redirects included). */
const LOAD_TIMEOUT_MS = 45_000;
/**
 * How long a step's capture may take before its window is closed, which makes the capture fail
 * and store nothing (a page held by a dialog never answers the capture agent).
 */
const CAPTURE_TIMEOUT_MS = 180_000;

let running: string | undefined;

/**
 * Runs a recipe (the library's Run now; `prooftrail capture --recipe` drives the same button):
 * one run at a time, each step in a window of its own through the manual capture path.
 */
export async function handleRunRecipe({ recipe }: { recipe: Recipe }): Promise<Result<RecipeRunResult>> {
  if (running)
    return { ok: false, error: `The recipe "${running}" is running; wait for it to finish, then run again.` };
  if (!(await browser.permissions.contains({ origins: RUN_ORIGINS })))
    return {
      ok: false,
      error:
        'Running a recipe needs access to all sites, to open and capture its pages without a click on each. Allow it when the library asks, then run again; nothing was captured.',
    };
  running = recipe.name;
  const progress = (steps: RecipeRunProgress['steps']) =>
    browser.storage.session.set({
      [RUN_PROGRESS_KEY]: {
        name: recipe.name,
        total: recipe.steps.length,
        steps,
      } satisfies RecipeRunProgress,
    });
  try {
    await progress([]).catch(() => undefined);
    const value = await runRecipe(recipe, {
      db: getDb(),
      openPage,
      waitForSelector,
      capture: captureWithin,
      closeTab: async (tabId) => {
        await browser.tabs.remove(tabId);
      },
      onStep: progress,
    });
    return { ok: true, value };
  } catch (e) {
    if (e instanceof StepFailure) return { ok: false, error: e.message };
    console.error('recipe run failed', e);
    return { ok: false, error: `The run stopped: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    running = undefined;
    await browser.storage.session.remove(RUN_PROGRESS_KEY).catch(() => undefined);
  }
}

/** A manual capture of the step's tab; one that outlives CAPTURE_TIMEOUT_MS is stopped by closing the tab. */
async function captureWithin(req: CaptureRequest): Promise<Result<CaptureMetadata>> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void browser.tabs.remove(req.tabId).catch(() => undefined);
  }, CAPTURE_TIMEOUT_MS);
  try {
    const result = await handleCaptureTab(req);
    if (!result.ok && timedOut)
      return {
        ok: false,
        error: `it did not finish within ${CAPTURE_TIMEOUT_MS / 1000} s (the page stopped answering: a dialog open on it?)`,
      };
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** The promise's value, or `fallback` once `ms` have passed (a page held by a dialog never answers). */
function within<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(fallback());
      } catch (e) {
        reject(e);
      }
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Opens the address in a window of its own (its tab is the visible one there) and waits for the load. */
async function openPage(url: string): Promise<OpenedPage> {
  const win = await browser.windows.create({ url, focused: true });
  const tabId = win?.tabs?.[0]?.id;
  if (tabId === undefined) throw new StepFailure(`the browser did not open a window for ${url}`);
  try {
    await loaded(tabId);
    const page = await readLoadedPage(tabId, url);
    if (page.status >= 400) throw new StepFailure(`${page.url} answered HTTP ${page.status}`);
    return { tabId, url: page.url };
  } catch (e) {
    await browser.tabs.remove(tabId).catch(() => undefined);
    throw e;
  }
}

/** Resolves when the tab's document has loaded (status complete at an address other than about:blank). */
function loaded(tabId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onRemoved.removeListener(onRemoved);
      if (error) reject(error);
      else resolve();
    };
    const isLoaded = (t: { status?: string; url?: string }) =>
      t.status === 'complete' && !!t.url && t.url !== 'about:blank';
    const onUpdated = (id: number, _: unknown, tab: { status?: string; url?: string }) => {
      if (id === tabId && isLoaded(tab)) done();
    };
    const onRemoved = (id: number) => {
      if (id === tabId) done(new StepFailure('the window was closed before the page loaded'));
    };
    const timer = setTimeout(
      () => done(new StepFailure(`the page did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s`)),
      LOAD_TIMEOUT_MS,
    );
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onRemoved.addListener(onRemoved);
    void browser.tabs.get(tabId).then(
      (t) => isLoaded(t) && done(),
      () => undefined,
    );
  });
}

/**
 * The loaded document's address and HTTP status, read in the extension's isolated world (the
 * page's own scripts cannot change what `performance` or `location` answer there).
 */
async function readLoadedPage(tabId: number, url: string): Promise<{ url: string; status: number }> {
  try {
    const [result] = await within(
      browser.scripting.executeScript({
        target: { tabId },
        func: () => {
          const nav = performance.getEntriesByType('navigation')[0] as
            | (PerformanceNavigationTiming & { responseStatus?: number })
            | undefined;
          return { url: location.href, status: nav?.responseStatus ?? 0 };
        },
      }),
      LOAD_TIMEOUT_MS,
      () => {
        throw new StepFailure(`the page at ${url} stopped answering (a dialog open on it?)`);
      },
    );
    const value = result?.result as { url: string; status: number } | undefined;
    if (!value) throw new Error('no answer from the page');
    return value;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/error page/i.test(message))
      throw new StepFailure(
        `the browser could not open ${url} (a network error: the site did not answer, or the address does not exist)`,
      );
    throw new StepFailure(`ProofTrail could not read the page at ${url}: ${message}`);
  }
}

/**
 * Waits until an element matches `selector` in the tab's top document, asking the page (in the
 * isolated world) again after each navigation, such as a login redirect, until time runs out.
 */
async function waitForSelector(tabId: number, selector: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    let answer: string | undefined;
    try {
      const [result] = await within(
        browser.scripting.executeScript({
          target: { tabId },
          args: [selector, Math.min(left, 2000)],
          func: (sel: string, ms: number) =>
            new Promise<string>((resolve) => {
              const found = () => {
                try {
                  return document.querySelector(sel) ? 'found' : undefined;
                } catch {
                  return 'invalid';
                }
              };
              const now = found();
              if (now) return resolve(now);
              const observer = new MutationObserver(() => {
                if (found()) finish('found');
              });
              const timer = setTimeout(() => finish('waiting'), ms);
              const finish = (r: string) => {
                observer.disconnect();
                clearTimeout(timer);
                resolve(r);
              };
              observer.observe(document, { subtree: true, childList: true, attributes: true });
            }),
        }),
        Math.min(left, 2000) + 1000,
        () => [{ result: 'waiting' }] as never,
      );
      answer = result?.result as string | undefined;
    } catch {
      // Navigating (a redirect), or briefly unreadable: ask again after a moment.
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    if (answer === 'found') return true;
    if (answer === 'invalid') throw new StepFailure(`waitFor "${selector}" is not a valid CSS selector`);
    if (answer === undefined) await new Promise((r) => setTimeout(r, 250));
  }
}
