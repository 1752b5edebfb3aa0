import { z } from '../formats/zod';
import type { CatalogParseResult } from './parse-catalog';
import type { Control } from './types';
import { controlProblems, duplicateProblems } from './validate-control';

const entry = z.object({ id: z.string(), title: z.string(), framework: z.string().optional() }).strict();
const listFile = z.array(entry);
const objectFile = z.object({ framework: z.string().optional(), controls: z.array(entry) }).strict();

/** Parses `[{id,title,framework?}]` or `{framework?, controls:[...]}`. Problems name the field path. */
export function parseCatalogJson(text: string, defaultFramework: string): CatalogParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (!Array.isArray(data) && !isObject)
    return { ok: false, problems: ['(root): expected an array of controls or {"framework", "controls"}'] };
  const parsed = Array.isArray(data) ? listFile.safeParse(data) : objectFile.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${fieldPath(i.path, Array.isArray(data))}: ${i.message}`,
    );
    return { ok: false, problems: [...new Set(problems)] };
  }
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.controls;
  const fileFramework = Array.isArray(parsed.data) ? undefined : parsed.data.framework;
  const prefix = Array.isArray(parsed.data) ? '' : 'controls';
  const rows: { control: Control; where: string }[] = [];
  const problems: string[] = [];
  list.forEach((e, i) => {
    const where = `${prefix}[${i}]`;
    const control = {
      id: e.id.trim(),
      title: e.title.trim(),
      framework: (e.framework ?? fileFramework ?? defaultFramework).trim(),
    };
    const bad = controlProblems(control);
    if (bad.length) problems.push(...bad.map((p) => `${where}.${p}`));
    else rows.push({ control, where });
  });
  problems.push(...duplicateProblems(rows));
  if (!problems.length && !rows.length) problems.push(`${prefix || '(root)'}: the file has no controls`);
  return problems.length ? { ok: false, problems } : { ok: true, controls: rows.map((r) => r.control) };
}

function fieldPath(path: readonly PropertyKey[], rootIsArray: boolean): string {
  if (!path.length)
    return rootIsArray ? '(root)' : '(root): expected an array of controls or {framework, controls}';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
