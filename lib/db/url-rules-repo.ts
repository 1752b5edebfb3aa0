import { builtinControls } from '../catalog/builtin';
import { builtinUrlRules, patternProblem, type UrlRule } from '../rules/url-rules';
import type { ProofTrailDb } from './database';

/** What is stored: which built-in rules are off, and the user's own rules. */
export interface UrlRuleSettings {
  disabledBuiltins: string[];
  custom: UrlRule[];
}

const KEY = 'urlRules';

/** Stored rule settings (none off, no custom rules by default). */
export async function getUrlRuleSettings(db: ProofTrailDb): Promise<UrlRuleSettings> {
  const value = (await db.settings.get(KEY))?.value as Partial<UrlRuleSettings> | undefined;
  return { disabledBuiltins: value?.disabledBuiltins ?? [], custom: value?.custom ?? [] };
}

/** The rules in force: enabled built-ins, then custom rules. */
export async function activeUrlRules(db: ProofTrailDb): Promise<UrlRule[]> {
  const s = await getUrlRuleSettings(db);
  return [...builtinUrlRules.filter((r) => !s.disabledBuiltins.includes(r.id)), ...s.custom];
}

/** Saves rule settings; throws naming each bad rule (pattern or unknown control), saving nothing. */
export async function setUrlRuleSettings(
  db: ProofTrailDb,
  s: UrlRuleSettings,
  knownIds?: ReadonlySet<string>,
): Promise<void> {
  const known =
    knownIds ??
    new Set([...builtinControls.map((c) => c.id), ...(await db.customControls.toCollection().primaryKeys())]);
  const problems: string[] = [];
  s.custom.forEach((r, i) => {
    const bad = patternProblem(r.pattern);
    if (bad) problems.push(`Rule ${i + 1}: ${bad}`);
    if (!r.controlIds.length) problems.push(`Rule ${i + 1}: name at least one control.`);
    for (const id of r.controlIds)
      if (!known.has(id)) problems.push(`Rule ${i + 1}: unknown control "${id}".`);
  });
  if (problems.length) throw new Error(problems.join('\n'));
  await db.settings.put({
    key: KEY,
    value: {
      disabledBuiltins: s.disabledBuiltins,
      custom: s.custom.map((r) => ({ ...r, pattern: r.pattern.trim() })),
    },
  });
}
