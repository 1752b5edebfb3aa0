import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COVERAGE_JSON_VERSION, coverageJsonSchema } from '../../../lib/formats/coverage-json';
import { COVERAGE_STATUSES } from '../../../lib/period/coverage';

const doc = readFileSync('docs/coverage-format.md', 'utf8');
const section = doc.slice(doc.indexOf(`## Coverage JSON (version ${COVERAGE_JSON_VERSION})`));
/** The first cell of each row of the section's field table, e.g. `period.from`, `.owner`. */
const rows = [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) =>
  m[1]!.split(',').map((c) => c.trim().replace(/`/g, '')),
);

describe('docs/coverage-format.md documents the coverage JSON', () => {
  it('has the current version heading', () => {
    expect(section.length).toBeLessThan(doc.length);
  });

  it('gives every field of the schema a row', () => {
    const shape = coverageJsonSchema.shape;
    const control = shape.controls.element.shape;
    const period = control.periods.element.shape;
    const wanted = [
      ...Object.keys(shape),
      ...Object.keys(shape.period.shape).map((k) => `period.${k}`),
      ...Object.keys(control).map((k) => `.${k}`),
      ...Object.keys(period).map((k) => `.${k}`),
    ].filter((k) => !['period', 'controls', '.periods'].includes(k));
    const missing = wanted.filter((k) => !rows.includes(k));
    expect(missing).toEqual([]);
    expect(rows).toContain('controls[]');
    expect(rows).toContain('.periods[]');
  });

  it('names every status with its rule', () => {
    for (const s of COVERAGE_STATUSES) expect(doc).toMatch(new RegExp(`^\\| \`${s}\` \\| `, 'm'));
  });

  it('its example validates against the schema', () => {
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(coverageJsonSchema.safeParse(JSON.parse(example ?? 'null')).success).toBe(true);
  });
});
