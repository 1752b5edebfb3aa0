import { describe, expect, it } from 'vitest';
import { RECIPE_SCHEMA, type RecipeRow } from '../../../lib/formats/recipe';
import { captureTargetFor, libraryHashFor, ruleUrl } from '../../../lib/reminders/capture-target';
import { builtinUrlRules, type UrlRule } from '../../../lib/rules/url-rules';

const recipe = (id: string, updatedAt: string, steps: [string, string[]][]): RecipeRow => ({
  schema: RECIPE_SCHEMA,
  id,
  name: `Recipe ${id}`,
  steps: steps.map(([url, controlIds]) => ({ url, controlIds, mode: 'visible', redact: [], note: '' })),
  controlIds: [...new Set(steps.flatMap(([, c]) => c))],
  createdAt: updatedAt,
  updatedAt,
});
const rule = (pattern: string, controlIds: string[]): UrlRule => ({
  id: pattern,
  label: `Rule ${pattern}`,
  pattern,
  controlIds,
});

describe('where a reminder click leads', () => {
  it('the first step tagging the control in its newest recipe', () => {
    const recipes = [
      recipe('old', '2026-01-01T00:00:00Z', [['https://old.example/a', ['A.5.18']]]),
      recipe('new', '2026-03-01T00:00:00Z', [
        ['https://new.example/logs', ['A.8.15']],
        ['https://new.example/access', ['A.5.18', 'CC6.2']],
        ['https://new.example/later', ['A.5.18']],
      ]),
    ];
    expect(captureTargetFor('A.5.18', recipes, builtinUrlRules)).toEqual({
      kind: 'page',
      url: 'https://new.example/access',
      via: 'recipe',
      name: 'Recipe new',
    });
  });

  it('else the page a URL rule names, in rule order; wildcard hosts name no page', () => {
    // Okta's rule (*.okta.com) suggests A.5.18 first but names no page; Entra's names its root.
    expect(captureTargetFor('A.5.18', [], builtinUrlRules)).toEqual({
      kind: 'page',
      url: 'https://entra.microsoft.com/',
      via: 'url-rule',
      name: 'Microsoft Entra admin center',
    });
    expect(
      captureTargetFor(
        'A.8.15',
        [],
        [...builtinUrlRules, rule('http://127.0.0.1:8080/audit-log.html', ['A.8.15'])],
      ),
    ).toMatchObject({ kind: 'page', url: 'http://127.0.0.1:8080/audit-log.html', via: 'url-rule' });
  });

  it("else the library on the control's coverage row", () => {
    expect(captureTargetFor('CC8.1', [], builtinUrlRules)).toEqual({
      kind: 'library',
      hash: 'control=CC8.1',
    });
    expect(libraryHashFor('Ctl 1/a#b')).toBe('control=Ctl%201%2Fa%23b');
  });

  it.each([
    ['https://admin.google.com/*', 'https://admin.google.com/'],
    ['https://console.example/iam/users', 'https://console.example/iam/users'],
    ['https://*.okta.com/admin/*', undefined],
    ['https://github.com/*/*/pull/*', undefined],
    ['https://*console.aws.amazon.com/iam*', undefined],
    ['*://example.com/*', undefined],
    ['file:///tmp/report.html', undefined],
    ['not a url', undefined],
  ])('rule %s names page %s', (pattern, url) => {
    expect(ruleUrl(pattern)).toBe(url);
  });
});
