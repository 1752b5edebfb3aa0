import type { CatalogParseResult } from './parse-catalog';
import type { Control } from './types';
import { controlProblems, duplicateProblems } from './validate-control';

const ENTRY_FIELDS = new Set(['id', 'title', 'framework']);
const FILE_FIELDS = new Set(['framework', 'controls']);

/** Parses `[{id,title,framework?}]` or `{framework?, controls:[...]}`. Problems name the field path. */
export function parseCatalogJson(text: string, defaultFramework: string): CatalogParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  const shape = fileShape(data);
  if ('problem' in shape) return { ok: false, problems: [shape.problem] };
  const rows: { control: Control; where: string }[] = [];
  const problems: string[] = [];
  shape.list.forEach((entry, i) => {
    const where = `${shape.prefix}[${i}]`;
    const read = readEntry(entry, where);
    if (typeof read === 'string') {
      problems.push(read);
      return;
    }
    const control = {
      id: read.id,
      title: read.title,
      framework: read.framework ?? shape.framework ?? defaultFramework,
    };
    const bad = controlProblems(control);
    if (bad.length) problems.push(...bad.map((p) => `${where}.${p}`));
    else rows.push({ control, where });
  });
  problems.push(...duplicateProblems(rows));
  if (!problems.length && !rows.length)
    problems.push(`${shape.prefix || '(root)'}: the file has no controls`);
  return problems.length ? { ok: false, problems } : { ok: true, controls: rows.map((r) => r.control) };
}

type Shape = { list: unknown[]; prefix: string; framework?: string } | { problem: string };

function fileShape(data: unknown): Shape {
  if (Array.isArray(data)) return { list: data, prefix: '' };
  if (typeof data !== 'object' || data === null)
    return { problem: '(root): expected an array of controls or {"framework", "controls"}' };
  const obj = data as Record<string, unknown>;
  const extra = Object.keys(obj).find((k) => !FILE_FIELDS.has(k));
  if (extra) return { problem: `${extra}: unknown field (expected "framework" and "controls")` };
  if (!Array.isArray(obj.controls)) return { problem: 'controls: expected an array of controls' };
  if (obj.framework !== undefined && typeof obj.framework !== 'string')
    return { problem: 'framework: expected text' };
  return { list: obj.controls, prefix: 'controls', framework: obj.framework?.trim() };
}

function readEntry(
  entry: unknown,
  where: string,
): { id: string; title: string; framework?: string } | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return `${where}: expected an object {id, title}`;
  const e = entry as Record<string, unknown>;
  const extra = Object.keys(e).find((k) => !ENTRY_FIELDS.has(k));
  if (extra) return `${where}.${extra}: unknown field`;
  for (const field of ['id', 'title'] as const)
    if (typeof e[field] !== 'string')
      return `${where}.${field}: ${e[field] === undefined ? 'missing' : 'expected text'}`;
  if (e.framework !== undefined && typeof e.framework !== 'string')
    return `${where}.framework: expected text`;
  return {
    id: (e.id as string).trim(),
    title: (e.title as string).trim(),
    framework: (e.framework as string | undefined)?.trim(),
  };
}
