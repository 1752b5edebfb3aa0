import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recipeSchema, recipeStepSchema } from '../../../lib/formats/recipe';
import { z } from '../../../lib/formats/zod';

// docs/recipe-format.md is what people write recipes from: each field of the file as it is
// written (defaults not yet filled in) has one row saying whether it is required, and its enum
// values; no row names a field that does not exist.

interface JsonSchema {
  properties?: Record<string, JsonSchema & { enum?: unknown[]; const?: unknown }>;
  required?: string[];
}

const doc = readFileSync('docs/recipe-format.md', 'utf8').split('\n');

/** Rows of the first table under `## heading`: field name → cells by header. */
function table(heading: string): Map<string, Record<string, string>> {
  let i = doc.indexOf(`## ${heading}`);
  expect(i, `no heading "${heading}"`).toBeGreaterThanOrEqual(0);
  while (!doc[i]!.startsWith('|')) i++;
  const cells = (l: string) =>
    l
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const header = cells(doc[i]!);
  const rows = new Map<string, Record<string, string>>();
  for (i += 2; doc[i]?.startsWith('|'); i++) {
    const row = Object.fromEntries(header.map((h, k) => [h, cells(doc[i]!)[k] ?? '']));
    rows.set(/^`([^`]+)`$/.exec(row.field!)?.[1] ?? row.field!, row);
  }
  return rows;
}

describe.each([
  ['Recipe fields', recipeSchema],
  ['Step fields (`steps[]`)', recipeStepSchema],
] as const)('docs/recipe-format.md › %s', (heading, schema) => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows = table(heading);
  const fields = Object.keys(json.properties ?? {});

  it('has one row per field, and no other', () => {
    expect([...rows.keys()].sort()).toEqual([...fields].sort());
  });

  it('says whether each field is required, and shows every allowed value', () => {
    const wrong: string[] = [];
    for (const f of fields) {
      const row = rows.get(f);
      const want = json.required?.includes(f) ? 'yes' : 'no';
      if (row?.required !== want) wrong.push(`${f}: says ${row?.required}, the schema ${want}`);
      const prop = json.properties![f]!;
      for (const v of prop.const !== undefined ? [prop.const] : (prop.enum ?? []))
        if (!row?.type?.includes(`\`${String(v)}\``)) wrong.push(`${f}: type does not show ${String(v)}`);
    }
    expect(wrong).toEqual([]);
  });
});
