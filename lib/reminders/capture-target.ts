import type { RecipeRow } from '../formats/recipe';
import type { UrlRule } from '../rules/url-rules';

/** Where clicking a control's reminder leads (docs/reminders.md, "Clicking a reminder"). */
export type CaptureTarget =
  /** A page to open with the capture panel, the control selected: a recipe's step or a URL rule's page. */
  | { kind: 'page'; url: string; via: 'recipe' | 'url-rule'; name: string }
  /** No page known: the library (`/library.html`) with this fragment, on the control's coverage row. */
  | { kind: 'library'; hash: string };

/** The library's fragment that shows one control's coverage row: `control=` and the ID, URL-encoded. */
export function libraryHashFor(controlId: string): string {
  return `control=${encodeURIComponent(controlId)}`;
}

/**
 * The page a URL rule's pattern names, when it names one: a pattern without `*`, or with one `*`
 * only at its very end (dropped: `https://admin.google.com/*` opens `https://admin.google.com/`).
 * A `*` anywhere else (`https://*.okta.com/…`) leaves the page unknown. Only http and https.
 */
export function ruleUrl(pattern: string): string | undefined {
  const p = pattern.trim();
  const body = p.endsWith('*') ? p.slice(0, -1) : p;
  if (body.includes('*')) return undefined;
  try {
    const u = new URL(body);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to capture evidence for a control: the first step tagging it in its most recently updated
 * recipe; else the page of the first rule (in force, in rule order) that suggests it and names a
 * page; else the library on its coverage row.
 */
export function captureTargetFor(
  controlId: string,
  recipes: readonly RecipeRow[],
  rules: readonly UrlRule[],
): CaptureTarget {
  const newest = [...recipes]
    .filter((r) => r.steps.some((s) => s.controlIds.includes(controlId)))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  for (const recipe of newest) {
    const step = recipe.steps.find((s) => s.controlIds.includes(controlId) && /^https?:\/\//i.test(s.url));
    if (step) return { kind: 'page', url: step.url, via: 'recipe', name: recipe.name };
  }
  for (const rule of rules) {
    if (!rule.controlIds.includes(controlId)) continue;
    const url = ruleUrl(rule.pattern);
    if (url) return { kind: 'page', url, via: 'url-rule', name: rule.label };
  }
  return { kind: 'library', hash: libraryHashFor(controlId) };
}
