import Papa from 'papaparse';
import { startLines } from '../csv/start-lines';
import type { CatalogParseResult } from './parse-catalog';
import type { Control } from './types';
import { controlProblems, duplicateProblems } from './validate-control';

const HEADER = ['id', 'title', 'framework'];

/** Parses `id,title[,framework]` CSV (header row optional). Every problem names its line. */
export function parseCatalogCsv(text: string, defaultFramework: string): CatalogParseResult {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  const lines = startLines(parsed.data);
  const problems: string[] = [];
  for (const e of parsed.errors) problems.push(`line ${lines[e.row ?? 0] ?? 1}: ${e.message}`);
  const rows: { control: Control; where: string }[] = [];
  parsed.data.forEach((cells, index) => {
    const where = `line ${lines[index]}`;
    const trimmed = cells.map((c) => c.trim());
    if (trimmed.every((c) => c === '')) return;
    if (index === 0 && trimmed[0]?.toLowerCase() === 'id') {
      const bad = trimmed.findIndex((c, i) => c.toLowerCase() !== HEADER[i]);
      if (bad >= 0)
        problems.push(
          `${where}: header column ${bad + 1} is "${trimmed[bad]}", expected id,title[,framework]`,
        );
      return;
    }
    if (trimmed.length < 2 || trimmed.length > 3) {
      problems.push(`${where}: expected 2 or 3 columns (id,title[,framework]), found ${trimmed.length}`);
      return;
    }
    const control = { id: trimmed[0]!, title: trimmed[1]!, framework: trimmed[2] || defaultFramework };
    const bad = controlProblems(control);
    if (bad.length) problems.push(...bad.map((p) => `${where}: ${p}`));
    else rows.push({ control, where });
  });
  problems.push(...duplicateProblems(rows));
  if (!problems.length && !rows.length) problems.push('line 1: the file has no controls');
  return problems.length ? { ok: false, problems } : { ok: true, controls: rows.map((r) => r.control) };
}
