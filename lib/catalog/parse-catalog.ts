import { parseCatalogCsv } from './parse-csv';
import { parseCatalogJson } from './parse-json';
import type { Control } from './types';

/** A parsed catalog, or every problem found in it (nothing is imported when there is one). */
export type CatalogParseResult = { ok: true; controls: Control[] } | { ok: false; problems: string[] };

/** Largest catalog file accepted. */
export const MAX_CATALOG_BYTES = 2 * 1024 * 1024;

/** Parses a catalog file by its name (.csv or .json), defaulting the framework for rows without one. */
export function parseCatalogFile(
  fileName: string,
  text: string,
  defaultFramework: string,
): CatalogParseResult {
  const framework = defaultFramework.trim() || 'Custom';
  if (text.length > MAX_CATALOG_BYTES) return { ok: false, problems: [`${fileName}: larger than 2 MB`] };
  const lower = fileName.toLowerCase();
  if (!lower.endsWith('.json') && !lower.endsWith('.csv'))
    return { ok: false, problems: [`${fileName}: expected a .csv or .json file`] };
  const result = lower.endsWith('.json')
    ? parseCatalogJson(text, framework)
    : parseCatalogCsv(text, framework);
  return result.ok ? result : { ok: false, problems: result.problems.map((p) => `${fileName} ${p}`) };
}
