import type { Control } from './types';

/** What an ID may look like: starts with a letter or digit; letters, digits and `. - _ :` after. */
export const CONTROL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const MAX_TITLE = 300;
const MAX_FRAMEWORK = 100;

/** Checks one control's fields; returns problems as `field: reason`. */
export function controlProblems(c: { id: string; title: string; framework: string }): string[] {
  const problems: string[] = [];
  if (!c.id) problems.push('id: missing');
  else if (!CONTROL_ID.test(c.id))
    problems.push(`id: "${c.id}" is not a valid control ID (letters, digits, ". - _ :", at most 64)`);
  if (!c.title) problems.push('title: missing');
  else if (c.title.length > MAX_TITLE) problems.push(`title: longer than ${MAX_TITLE} characters`);
  if (!c.framework) problems.push('framework: missing');
  else if (c.framework.length > MAX_FRAMEWORK)
    problems.push(`framework: longer than ${MAX_FRAMEWORK} characters`);
  return problems;
}

/** Reports an ID used twice in one import, naming both places. */
export function duplicateProblems(rows: readonly { control: Control; where: string }[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { control, where } of rows) {
    const first = seen.get(control.id);
    if (first) problems.push(`${where}: id "${control.id}" repeats ${first}`);
    else seen.set(control.id, where);
  }
  return problems;
}
