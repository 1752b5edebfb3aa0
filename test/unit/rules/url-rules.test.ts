import { describe, expect, it } from 'vitest';
import { getUrlRuleSettings, setUrlRuleSettings } from '../../../lib/db/url-rules-repo';
import { builtinUrlRules, patternProblem, suggestControls } from '../../../lib/rules/url-rules';
import { freshDb } from '../helpers';

describe('URL rules', () => {
  it.each([
    ['https://acme.okta.com/admin/users', 'A.5.18'],
    ['https://entra.microsoft.com/#view/Microsoft_AAD_IAM/UsersManagementMenuBlade', 'A.5.16'],
    ['https://admin.google.com/ac/users', 'CC6.3'],
    ['https://us-east-1.console.aws.amazon.com/iam/home#/users', 'A.8.2'],
    ['https://github.com/acme/api/pull/42/files', 'A.8.32'],
    ['https://acme.atlassian.net/browse/CHG-1042', 'CC8.1'],
  ])('suggests controls for %s', (url, id) => {
    expect(suggestControls(url, builtinUrlRules).controlIds).toContain(id);
  });

  it('suggests nothing for unrelated pages', () => {
    expect(suggestControls('https://example.com/', builtinUrlRules).controlIds).toEqual([]);
    expect(suggestControls('https://github.com/acme/api/issues/1', builtinUrlRules).controlIds).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    ['okta.com/admin', 'must start with'],
    ['https://a b', 'spaces'],
  ])('rejects the pattern %j', (pattern, message) => {
    expect(patternProblem(pattern)).toContain(message);
  });

  it('saves custom rules only when every rule is valid, keeping the old ones otherwise', async () => {
    const db = freshDb();
    const good = {
      id: 'r1',
      label: 'Intranet',
      pattern: 'http://127.0.0.1:*/review.html',
      controlIds: ['A.5.18'],
    };
    await setUrlRuleSettings(db, { disabledBuiltins: ['okta'], custom: [good] });
    await expect(
      setUrlRuleSettings(db, {
        disabledBuiltins: [],
        custom: [good, { ...good, id: 'r2', pattern: 'review', controlIds: ['Z.1'] }],
      }),
    ).rejects.toThrow(/Rule 2: "review" must start with[\s\S]*Rule 2: unknown control "Z.1"/);
    expect(await getUrlRuleSettings(db)).toEqual({ disabledBuiltins: ['okta'], custom: [good] });
  });
});
