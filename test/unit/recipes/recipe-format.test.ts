import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECIPE_SCHEMA } from '../../../lib/formats/recipe';
import { jsonPath, parseRecipeText, recipeToText } from '../../../lib/recipes/parse-recipe';

const step = { url: 'https://console.example/admin/users', controlIds: ['A.5.18'], waitFor: '#users-table' };
const file = (patch: Record<string, unknown> = {}) =>
  JSON.stringify({ schema: RECIPE_SCHEMA, name: 'Quarterly access review', steps: [step], ...patch });

describe('recipe files: good ones are read with their defaults', () => {
  it('fills mode, redaction and note in', () => {
    const r = parseRecipeText(file());
    expect(r).toEqual({
      ok: true,
      recipe: {
        schema: RECIPE_SCHEMA,
        name: 'Quarterly access review',
        steps: [{ ...step, mode: 'visible', redact: [], note: '' }],
      },
    });
  });

  it('reads every field, a BOM and an element step', () => {
    const full = {
      url: 'http://127.0.0.1:8080/users?tab=all#list',
      controlIds: ['A.5.18', 'CC6.3'],
      mode: 'element',
      selector: '#users-table',
      redact: ['.email', '[data-secret]'],
      waitFor: '#users-table tbody tr',
      waitSeconds: 60,
      note: 'Quarterly review, all users',
      request: 'PBC-12',
      sample: 'CHG-1042',
    };
    const r = parseRecipeText(`\uFEFF${file({ steps: [full, { ...step, mode: 'full-page' }] })}`);
    expect(r.ok && r.recipe.steps).toEqual([full, { ...step, mode: 'full-page', redact: [], note: '' }]);
  });

  it('round-trips through the text export writes', () => {
    const r = parseRecipeText(file());
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(parseRecipeText(recipeToText(r.recipe))).toEqual(r);
  });

  it('accepts the example in docs/recipe-format.md', () => {
    const doc = readFileSync('docs/recipe-format.md', 'utf8');
    const example = /## Example\n+```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const r = parseRecipeText(example!);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });
});

describe('recipe files: a bad one is refused whole, every problem named by its JSON path', () => {
  it.each([
    ['not JSON', '{"schema": ', [/^not valid JSON: /]],
    ['not an object', '[]', ['(root): Invalid input: expected object, received array']],
    [
      'another schema',
      file({ schema: 'prooftrail.recipe/2' }),
      [/^schema: Invalid input: expected "prooftrail.recipe\/1"/],
    ],
    ['no name, no steps', JSON.stringify({ schema: RECIPE_SCHEMA }), ['name: required', 'steps: required']],
    ['an empty name', file({ name: '  ' }), ['name: expected a name']],
    ['no steps', file({ steps: [] }), ['steps: a recipe needs at least one step']],
    ['an unknown field', file({ owner: 'dana' }), ['owner: unknown field']],
    [
      'an unknown step field',
      file({ steps: [step, { ...step, wait_for: '#x' }] }),
      ['steps[1].wait_for (step 2): unknown field'],
    ],
    [
      'a bad address',
      file({ steps: [{ ...step, url: 'ftp://files.example/x' }] }),
      ['steps[0].url (step 1): expected an http or https address'],
    ],
    [
      'a relative address',
      file({ steps: [{ ...step, url: '/admin/users' }] }),
      ['steps[0].url (step 1): expected a web address (https://…)'],
    ],
    [
      'a password in the address',
      file({ steps: [{ ...step, url: 'https://dana:hunter2@console.example/' }] }),
      [/^steps\[0\]\.url \(step 1\): the address must not carry a user name or password/],
    ],
    [
      'no control',
      file({ steps: [{ ...step, controlIds: [] }] }),
      ['steps[0].controlIds (step 1): name at least one control'],
    ],
    [
      'an empty control',
      file({ steps: [{ ...step, controlIds: ['A.5.18', ' '] }] }),
      ['steps[0].controlIds[1] (step 1): expected a control ID'],
    ],
    [
      'element mode without a selector',
      file({ steps: [{ ...step, mode: 'element' }] }),
      ['steps[0].selector (step 1): element mode needs a selector'],
    ],
    [
      'a selector outside element mode',
      file({ steps: [{ ...step, selector: '#users-table' }] }),
      [
        'steps[0].selector (step 1): a selector is used only in element mode (this step\'s mode is "visible")',
      ],
    ],
    [
      'an unknown mode',
      file({ steps: [{ ...step, mode: 'region' }] }),
      [/^steps\[0\]\.mode \(step 1\): Invalid option/],
    ],
    [
      'an empty waitFor',
      file({ steps: [{ ...step, waitFor: '' }] }),
      ['steps[0].waitFor (step 1): expected a CSS selector'],
    ],
    [
      'waitSeconds not whole',
      file({ steps: [{ ...step, waitSeconds: 2.5 }] }),
      ['steps[0].waitSeconds (step 1): expected whole seconds'],
    ],
    [
      'waitSeconds without waitFor',
      file({ steps: [{ url: step.url, controlIds: ['A.5.18'], waitSeconds: 30 }] }),
      ['steps[0].waitSeconds (step 1): waitSeconds needs a waitFor selector'],
    ],
    [
      'a sample without its request',
      file({ steps: [{ ...step, sample: 'CHG-1' }] }),
      ['steps[0].sample (step 1): a sample needs the request it belongs to'],
    ],
    [
      'a redaction that is not a list',
      file({ steps: [{ ...step, redact: '.email' }] }),
      [/^steps\[0\]\.redact \(step 1\): Invalid input: expected array/],
    ],
  ])('%s', (_, text, expected) => {
    const r = parseRecipeText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(expected.length);
    expected.forEach((want, i) => {
      if (typeof want === 'string') expect(r.problems[i]).toBe(want);
      else expect(r.problems[i]).toMatch(want);
    });
  });

  it('names every problem of every step at once', () => {
    const r = parseRecipeText(
      file({
        extra: true,
        steps: [
          { ...step, url: 'nope' },
          { ...step, mode: 'element', controlIds: [] },
        ],
      }),
    );
    expect(r.ok ? [] : [...r.problems].sort()).toEqual(
      [
        'extra: unknown field',
        'steps[0].url (step 1): expected a web address (https://…)',
        'steps[1].controlIds (step 2): name at least one control',
        'steps[1].selector (step 2): element mode needs a selector',
      ].sort(),
    );
  });

  it('quotes keys that are not identifiers', () => {
    expect(jsonPath(['steps', 3, 'odd key'])).toBe('steps[3]["odd key"] (step 4)');
    expect(jsonPath([])).toBe('(root)');
  });
});
