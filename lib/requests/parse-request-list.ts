import Papa from 'papaparse';
import { startLines } from '../csv/start-lines';
import { isDate } from '../period/zoned-time';
import { FIELD_NAMES, mapHeader, type RequestField } from './columns';
import { requestFolderName, WHOLE_REQUEST } from './request-paths';

/** One request as read from the file, before it is stored. */
export interface ParsedRequest {
  id: string;
  controlIds: string[];
  title?: string;
  description: string;
  owner?: string;
  /** YYYY-MM-DD. */
  due?: string;
  samples: { id: string }[];
  /** The file line the row starts on. */
  line: number;
}

export type RequestListResult = { ok: true; requests: ParsedRequest[] } | { ok: false; problems: string[] };

/** Longest cell kept, in characters (a description may be long; an ID may not). */
const MAX_ID = 200;
const MAX_TEXT = 10_000;
/** The sample folder name a request's population capture goes to: no sample may take it. */
export const POPULATION = 'population';

/**
 * Reads an auditor's request list (CSV, docs/requests-format.md): a header row whose columns are
 * matched with synonyms, then one request per row. Every problem is named by line and reason, and
 * any problem refuses the whole file.
 */
export function parseRequestList(text: string): RequestListResult {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  const lines = startLines(parsed.data);
  const problems: string[] = [];
  for (const e of parsed.errors) problems.push(`line ${lines[e.row ?? 0] ?? 1}: ${e.message}`);
  const headerIndex = parsed.data.findIndex((cells) => cells.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { ok: false, problems: ['line 1: the file is empty (no header row)'] };
  const header = mapHeader(parsed.data[headerIndex]!);
  if (!header.ok)
    return { ok: false, problems: header.problems.map((p) => `line ${lines[headerIndex]} (header): ${p}`) };
  const { columns } = header;
  const requests: ParsedRequest[] = [];
  const firstLine = new Map<string, number>();
  for (let i = headerIndex + 1; i < parsed.data.length; i++) {
    const cells = parsed.data[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const line = lines[i]!;
    const cell = (field: RequestField) => {
      const at = columns[field];
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    const rowProblems: string[] = [];
    const id = cell('id');
    if (!id) rowProblems.push('the request ID is empty');
    else if (id.length > MAX_ID) rowProblems.push(`the request ID is longer than ${MAX_ID} characters`);
    else if (/\p{Cc}/u.test(id)) rowProblems.push('the request ID holds a control character');
    else if (firstLine.has(id.toLowerCase()))
      rowProblems.push(`request ID "${id}" is already on line ${firstLine.get(id.toLowerCase())}`);
    const controlIds = splitList(
      cell('controls'),
      columns.controls !== undefined && isScfMappings(parsed.data[headerIndex]![columns.controls]!),
    );
    if (!controlIds.length) rowProblems.push('no control reference');
    for (const c of controlIds)
      if (c.length > MAX_ID) rowProblems.push(`control reference "${c.slice(0, 40)}…" is too long`);
    const due = cell('due');
    if (due && !isDate(due))
      rowProblems.push(`due date "${due}" is not a date written YYYY-MM-DD (e.g. 2026-03-31)`);
    const samples = cell('samples')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    rowProblems.push(...sampleProblems(samples));
    for (const field of ['title', 'description', 'owner'] as const)
      if (cell(field).length > MAX_TEXT)
        rowProblems.push(`the ${FIELD_NAMES[field]} is longer than ${MAX_TEXT} characters`);
    if (id && !firstLine.has(id.toLowerCase())) firstLine.set(id.toLowerCase(), line);
    if (rowProblems.length) {
      problems.push(...rowProblems.map((p) => `line ${line}${id ? ` (request ${id})` : ''}: ${p}`));
      continue;
    }
    const title = cell('title');
    const owner = cell('owner');
    requests.push({
      id,
      controlIds,
      ...(title ? { title } : {}),
      description: cell('description'),
      ...(owner ? { owner } : {}),
      ...(due ? { due } : {}),
      samples: samples.map((s) => ({ id: s })),
      line,
    });
  }
  if (!problems.length && !requests.length)
    problems.push(`line ${lines[headerIndex]}: the file has a header but no request`);
  return problems.length ? { ok: false, problems } : { ok: true, requests };
}

/** Problems with a row's samples: too long, named like the population folder, twice, or two sharing a folder name. */
function sampleProblems(samples: string[]): string[] {
  const problems: string[] = [];
  const byFolder = new Map<string, string>();
  for (const s of samples) {
    if (s.length > MAX_ID) {
      problems.push(`sample "${s.slice(0, 40)}…" is longer than ${MAX_ID} characters`);
      continue;
    }
    const folder = requestFolderName(s).toLowerCase();
    if (folder === POPULATION || folder === WHOLE_REQUEST) {
      problems.push(
        `sample "${s}" would take the bundle folder "${folder}" kept for ${folder === POPULATION ? 'the population' : 'the request as a whole'}; rename it`,
      );
      continue;
    }
    const other = byFolder.get(folder);
    if (other === s) problems.push(`sample "${s}" is listed twice`);
    else if (other !== undefined)
      problems.push(`samples "${other}" and "${s}" would share the bundle folder "${requestFolderName(s)}"`);
    else byFolder.set(folder, s);
  }
  return problems;
}

/** A cell listing several values: split on `,`, `;` and line breaks (and spaces in SCF mappings). */
function splitList(cell: string, scfMappings: boolean): string[] {
  const parts = cell.split(scfMappings ? /[,;\s]+/ : /[,;\r\n]+/).map((s) => s.trim());
  return [...new Set(parts.filter(Boolean))];
}

/** The SCF ERL lists its control IDs (e.g. `GOV-01`) one per line or separated by spaces. */
const isScfMappings = (header: string) =>
  header.trim().toLowerCase().replace(/\s+/g, ' ') === 'scf control mappings';
