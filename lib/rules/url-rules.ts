/** Maps pages to the controls their evidence usually supports. */
export interface UrlRule {
  /** Stable id (built-in rules) or a random one (custom rules). */
  id: string;
  /** `*` matches any run of characters; the rest must match exactly, e.g. `https://*.okta.com/admin/*`. */
  pattern: string;
  controlIds: string[];
  /** Shown in Settings. */
  label: string;
}

/** Example rules for common consoles; each can be switched off in Settings. */
export const builtinUrlRules: readonly UrlRule[] = [
  {
    id: 'okta',
    label: 'Okta admin',
    pattern: 'https://*.okta.com/admin/*',
    controlIds: ['A.5.16', 'A.5.18', 'CC6.2', 'CC6.3'],
  },
  {
    id: 'entra',
    label: 'Microsoft Entra admin center',
    pattern: 'https://entra.microsoft.com/*',
    controlIds: ['A.5.16', 'A.5.18', 'A.8.5', 'CC6.2'],
  },
  {
    id: 'google-admin',
    label: 'Google Workspace admin',
    pattern: 'https://admin.google.com/*',
    controlIds: ['A.5.16', 'A.5.18', 'CC6.3'],
  },
  {
    id: 'aws-iam',
    label: 'AWS IAM console',
    pattern: 'https://*console.aws.amazon.com/iam*',
    controlIds: ['A.5.18', 'A.8.2', 'CC6.1', 'CC6.3'],
  },
  {
    id: 'github-pr',
    label: 'GitHub pull-request reviews',
    pattern: 'https://github.com/*/*/pull/*',
    controlIds: ['A.8.25', 'A.8.32', 'CC8.1'],
  },
  {
    id: 'jira-change',
    label: 'Jira change tickets',
    pattern: 'https://*.atlassian.net/browse/*',
    controlIds: ['A.8.32', 'CC8.1'],
  },
];

/** Why a pattern is unusable, or undefined when fine. */
export function patternProblem(pattern: string): string | undefined {
  const p = pattern.trim();
  if (!p) return 'The pattern is empty.';
  if (/\s/.test(p)) return `"${p}" contains spaces.`;
  if (!/^(\*|https?|file):\/\//.test(p))
    return `"${p}" must start with http://, https://, file:// or *:// (for example https://*.okta.com/admin/*).`;
  if (p.length > 500) return `"${p.slice(0, 40)}…" is longer than 500 characters.`;
  return undefined;
}

/** The pattern as an anchored regular expression. */
export function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .trim()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 'i');
}

/** Control IDs suggested for a URL by the enabled rules, in rule order, without repeats. */
export function suggestControls(
  url: string,
  rules: readonly UrlRule[],
): { controlIds: string[]; rules: UrlRule[] } {
  const matched = rules.filter((r) => !patternProblem(r.pattern) && patternToRegExp(r.pattern).test(url));
  return { controlIds: [...new Set(matched.flatMap((r) => r.controlIds))], rules: matched };
}
