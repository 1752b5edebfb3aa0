import { beforeEach, describe, expect, it } from 'vitest';
import type { CaptureRequest } from '../../../lib/capture/capture-page';
import type { ProofTrailDb } from '../../../lib/db/database';
import { setIdentity } from '../../../lib/db/settings-repo';
import { RECIPE_SCHEMA, type Recipe } from '../../../lib/formats/recipe';
import { type RecipeRunDeps, runRecipe, StepFailure } from '../../../lib/recipes/run-recipe';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

// The runner's logic under a fake browser: which pages open, what is waited for, what is captured
// and what is linked. The real browser side is tested in test/e2e/recipes.e2e.ts.

const step = (url: string, patch: Partial<Recipe['steps'][number]> = {}) => ({
  url,
  controlIds: ['A.5.18'],
  mode: 'visible' as const,
  redact: [],
  note: '',
  ...patch,
});

let db: ProofTrailDb;
let events: string[];
let present: Set<string>;
let captures: CaptureRequest[];

function deps(patch: Partial<RecipeRunDeps> = {}): RecipeRunDeps {
  let tab = 100;
  return {
    db,
    openPage: async (url) => {
      if (url.includes('down')) throw new StepFailure(`the browser could not open ${url}`);
      events.push(`open ${url}`);
      return { tabId: ++tab, url };
    },
    waitForSelector: async (tabId, selector, ms) => {
      events.push(`wait ${tabId} ${selector} ${ms}`);
      return present.has(selector);
    },
    capture: async (req) => {
      events.push(`capture ${req.tabId}`);
      captures.push(req);
      if (req.mode === 'element' && !present.has(req.selector!))
        return { ok: false, error: `No element matches ${req.selector}.` };
      return { ok: true, value: await sampleRecord(undefined, { pageUrl: `https://tab/${req.tabId}` }) };
    },
    closeTab: async (tabId) => {
      events.push(`close ${tabId}`);
    },
    now: () => new Date('2026-11-30T06:00:00.000Z'),
    ...patch,
  };
}

const recipe = (...steps: Recipe['steps']): Recipe => ({ schema: RECIPE_SCHEMA, name: 'Reviews', steps });

beforeEach(async () => {
  db = freshDb();
  events = [];
  captures = [];
  present = new Set(['#users-table']);
  await setIdentity(db, { name: 'Dana Reyes', email: 'dana@example.test' });
});

describe('runRecipe', () => {
  it('captures each step in its own tab, closes it, and a failing step stops only itself', async () => {
    const progress: string[] = [];
    const r = await runRecipe(
      recipe(
        step('https://console.example/users', { waitFor: '#users-table', redact: ['.email'], note: 'Q4' }),
        step('https://console.example/login', { waitFor: '#audit-log', waitSeconds: 5 }),
        step('https://console.example/down'),
        step('https://console.example/users', { mode: 'element', selector: '#missing' }),
        step('https://console.example/settings', { mode: 'full-page', controlIds: ['A.8.5', 'CC6.1'] }),
      ),
      deps({ onStep: async (done, total) => void progress.push(`${done.length}/${total}`) }),
    );
    expect(r.steps.map((s) => s.ok)).toEqual([true, false, false, false, true]);
    expect(progress).toEqual([1, 2, 3, 4, 5].map((n) => `${n}/5`));
    expect(r.steps[0]).toMatchObject({ step: 1, ok: true, pageUrl: 'https://tab/101' });
    expect(r.steps[1]).toEqual({
      step: 2,
      url: 'https://console.example/login',
      ok: false,
      reason:
        '"#audit-log" did not appear within 5 s on https://console.example/login (a login page instead of the console? sign in in this browser profile and run again); nothing was stored for this step',
    });
    expect(r.steps[2]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not open .*; nothing was stored/),
    });
    expect(r.steps[3]).toMatchObject({
      ok: false,
      reason: 'the capture failed: No element matches #missing; nothing was stored for this step',
    });
    expect(events).toEqual([
      'open https://console.example/users',
      'wait 101 #users-table 20000',
      'capture 101',
      'close 101',
      'open https://console.example/login',
      'wait 102 #audit-log 5000',
      'close 102',
      'open https://console.example/users',
      'capture 103',
      'close 103',
      'open https://console.example/settings',
      'capture 104',
      'close 104',
    ]);
    expect(captures[0]).toEqual({
      tabId: 101,
      controlIds: ['A.5.18'],
      note: 'Q4',
      mode: 'visible',
      redactSelectors: ['.email'],
    });
    expect(captures[1]).toMatchObject({ mode: 'element', selector: '#missing' });
    expect(captures[2]).toMatchObject({ mode: 'full-page', controlIds: ['A.8.5', 'CC6.1'] });
    expect(captures[2]).not.toHaveProperty('selector');
  });

  it('refuses to start without the capturer identity', async () => {
    await db.settings.clear();
    await expect(runRecipe(recipe(step('https://console.example/users')), deps())).rejects.toThrow(
      /Set your name and email/,
    );
    expect(events).toEqual([]);
  });

  describe('a step naming an auditor request', () => {
    beforeEach(async () => {
      await db.requests.put({
        id: 'PBC-7',
        controlIds: ['A.5.18'],
        description: 'Access reviews',
        samples: [{ id: 'CHG-1' }],
        status: 'open',
        importedAt: '2026-11-01T00:00:00.000Z',
        source: { file: 'pbc.csv', line: 2 },
      });
    });

    it('is refused before its page opens when the request or sample is not in the library', async () => {
      const r = await runRecipe(
        recipe(
          step('https://console.example/a', { request: 'PBC-9' }),
          step('https://console.example/b', { request: 'PBC-7', sample: 'CHG-2' }),
        ),
        deps(),
      );
      expect(r.steps.map((s) => !s.ok && s.reason)).toEqual([
        'the auditor request "PBC-9" is not in the library (import the request list first); nothing was stored for this step',
        'the auditor request "PBC-7" has no sample "CHG-2"; nothing was stored for this step',
      ]);
      expect(events).toEqual([]);
      expect(await db.requestLinks.count()).toBe(0);
    });

    it('is linked to the request and sample once the capture is stored, and not when it fails', async () => {
      const r = await runRecipe(
        recipe(
          step('https://console.example/a', { request: 'PBC-7', sample: 'CHG-1' }),
          step('https://console.example/b', { request: 'PBC-7', waitFor: '#never' }),
        ),
        deps(),
      );
      const ok = r.steps[0]!;
      expect(ok.ok).toBe(true);
      expect(await db.requestLinks.toArray()).toEqual([
        {
          captureId: ok.ok ? ok.captureId : '',
          requestId: 'PBC-7',
          sampleId: 'CHG-1',
          population: false,
          linkedAt: '2026-11-30T06:00:00.000Z',
        },
      ]);
    });
  });
});
