import { describe, expect, it } from 'vitest';
import { RECIPE_SCHEMA } from '../../../lib/formats/recipe';
import { recipeFromCapture, withoutRedactedParts } from '../../../lib/recipes/from-capture';
import { listRecipes, saveRecipe } from '../../../lib/recipes/recipes-repo';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

const rect = { x: 0, y: 0, width: 10, height: 10 };

describe('save as recipe: a capture becomes a one-step recipe', () => {
  it('carries the address, controls, mode, element selector (also waited for) and note', async () => {
    const capture = await sampleRecord(undefined, {
      pageUrl: 'https://console.example/admin/users?tab=all',
      pageTitle: 'Users · Console',
      controlIds: ['A.5.18', 'CC6.3'],
      captureMode: 'element',
      target: { selector: '#users-table', rect },
      note: '  Quarterly review  ',
    });
    expect(recipeFromCapture(capture)).toEqual({
      ok: true,
      remarks: [],
      recipe: {
        schema: RECIPE_SCHEMA,
        name: 'Users · Console (A.5.18, CC6.3)',
        steps: [
          {
            url: 'https://console.example/admin/users?tab=all',
            controlIds: ['A.5.18', 'CC6.3'],
            mode: 'element',
            selector: '#users-table',
            waitFor: '#users-table',
            redact: [],
            note: 'Quarterly review',
          },
        ],
      },
    });
  });

  it('keeps full page, names the host when there is no title, and asks for a waitFor', async () => {
    const capture = await sampleRecord(undefined, { captureMode: 'full-page', pageTitle: '' });
    const r = recipeFromCapture(capture);
    expect(r.ok && r.recipe).toEqual({
      schema: RECIPE_SCHEMA,
      name: 'console.example (A.5.18)',
      steps: [
        {
          url: 'https://console.example/review',
          controlIds: ['A.5.18'],
          mode: 'full-page',
          redact: [],
          note: '',
        },
      ],
    });
    expect(r.ok && r.remarks).toEqual([expect.stringMatching(/^Add a "waitFor" selector/)]);
  });

  it('turns a drawn region into a visible-area step, and says so', async () => {
    const capture = await sampleRecord(undefined, { captureMode: 'region', target: { rect } });
    const r = recipeFromCapture(capture);
    expect(r.ok && r.recipe.steps[0]?.mode).toBe('visible');
    expect(r.ok && r.recipe.steps[0]?.selector).toBeUndefined();
    expect(r.ok && r.remarks[0]).toMatch(/region cannot be replayed/);
  });

  it('leaves out parameters stored as [redacted], and says so', async () => {
    const capture = await sampleRecord(undefined, {
      pageUrl: 'https://console.example/cb?session=[redacted]&tab=users#access_token=[redacted]&x=1',
      urlRedactions: ['session', 'access_token'],
    });
    const r = recipeFromCapture(capture);
    expect(r.ok && r.recipe.steps[0]?.url).toBe('https://console.example/cb?tab=users#x=1');
    expect(r.ok && r.remarks[0]).toMatch(/secret-looking parameters/);
  });

  it('refuses a page a recipe cannot open', async () => {
    const capture = await sampleRecord(undefined, { pageUrl: 'file:///home/dana/report.html' });
    expect(recipeFromCapture(capture)).toEqual({
      ok: false,
      problem: expect.stringMatching(/http or https/),
    });
  });

  it('is stored with the controls of its steps, for lookup by control', async () => {
    const db = freshDb();
    const r = recipeFromCapture(await sampleRecord());
    if (!r.ok) throw new Error(r.problem);
    const row = await saveRecipe(db, r.recipe);
    expect(await listRecipes(db)).toEqual([row]);
    expect(row.controlIds).toEqual(['A.5.18']);
    expect(await db.recipes.where('controlIds').equals('A.5.18').count()).toBe(1);
  });
});

describe('withoutRedactedParts', () => {
  it.each([
    ['https://a.example/x?token=[redacted]', 'https://a.example/x'],
    ['https://a.example/x?a=1&token=[redacted]&b=2', 'https://a.example/x?a=1&b=2'],
    ['https://a.example/#/cb?code=[redacted]', 'https://a.example/#/cb'],
    ['https://dana:[redacted]@a.example/x', 'https://a.example/x'],
    ['https://a.example/x?q=[redacted]ish', 'https://a.example/x?q=[redacted]ish'],
    ['https://a.example/x?a=1', 'https://a.example/x?a=1'],
  ])('%s → %s', (from, to) => {
    expect(withoutRedactedParts(from)).toBe(to);
  });
});
