import { DEFAULT_SECRET_PARAM_FRAGMENTS } from '../redaction/secret-url';
import type { ProofTrailDb } from './database';

/** How captures are made; edited in Settings. */
export interface CaptureSettings {
  /** Add the evidence strip (URL, time, capturer, controls, hash) below each image. */
  banner: boolean;
  /** CSS selectors always blacked out (password fields are always masked anyway). */
  redactSelectors: string[];
  /** Regular expressions; matching visible text is blacked out, and masked in the page title. */
  redactPatterns: string[];
  /** Name fragments (case-insensitive): URL query and fragment parameters containing one have their values redacted. */
  urlSecretParams: string[];
  /** Time given to lazy-loaded content after each scroll, ms. */
  settleMs: number;
  /** Tallest page captured whole, CSS px; taller pages are capped with a notice. */
  maxPageHeight: number;
}

export const defaultCaptureSettings: CaptureSettings = {
  banner: true,
  redactSelectors: [],
  redactPatterns: [],
  urlSecretParams: [...DEFAULT_SECRET_PARAM_FRAGMENTS],
  settleMs: 150,
  maxPageHeight: 30_000,
};

const KEY = 'captureSettings';

/** Problems with settings, each naming the field; empty when fine. Selectors are checked by the page that edits them. */
export function captureSettingsProblems(s: CaptureSettings): string[] {
  const problems: string[] = [];
  s.redactPatterns.forEach((p, i) => {
    if (!p.trim()) problems.push(`Text pattern ${i + 1} is empty.`);
    else
      try {
        new RegExp(p, 'gi');
      } catch (e) {
        problems.push(
          `Text pattern ${i + 1} "${p}" is not a valid regular expression: ${(e as Error).message}`,
        );
      }
  });
  s.redactSelectors.forEach((sel, i) => {
    if (!sel.trim()) problems.push(`Selector ${i + 1} is empty.`);
  });
  s.urlSecretParams.forEach((name, i) => {
    if (!name.trim()) problems.push(`URL parameter name ${i + 1} is empty.`);
    else if (/[\s=&#?]/.test(name))
      problems.push(`URL parameter name ${i + 1} "${name}" cannot hold spaces or any of = & # ?`);
  });
  if (!Number.isInteger(s.settleMs) || s.settleMs < 0 || s.settleMs > 5000)
    problems.push('Wait after scrolling must be 0 to 5000 ms.');
  if (!Number.isInteger(s.maxPageHeight) || s.maxPageHeight < 1000 || s.maxPageHeight > 100_000)
    problems.push('Page height limit must be 1000 to 100000 px.');
  return problems;
}

/** Current settings, defaults filled in. */
export async function getCaptureSettings(db: ProofTrailDb): Promise<CaptureSettings> {
  const stored = (await db.settings.get(KEY))?.value as Partial<CaptureSettings> | undefined;
  return { ...defaultCaptureSettings, ...stored };
}

/** Saves settings after validation; throws with every problem, storing nothing, when invalid. */
export async function setCaptureSettings(db: ProofTrailDb, s: CaptureSettings): Promise<CaptureSettings> {
  const clean = {
    ...s,
    redactSelectors: s.redactSelectors.map((x) => x.trim()),
    redactPatterns: s.redactPatterns.map((x) => x.trim()),
    urlSecretParams: [...new Set(s.urlSecretParams.map((x) => x.trim().toLowerCase()))],
  };
  const problems = captureSettingsProblems(clean);
  if (problems.length) throw new Error(problems.join('\n'));
  await db.settings.put({ key: KEY, value: clean });
  return clean;
}
