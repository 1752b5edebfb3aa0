import { getControlsByIds } from '../catalog/lookup';
import type { Control } from '../catalog/types';
import { type CaptureSettings, getCaptureSettings } from '../db/capture-settings-repo';
import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import { getIdentity } from '../db/settings-repo';
import type { RedactionRules } from '../page-agent/types';
import { formatDate, type LocalDate, parseDate } from '../period/zoned-time';
import { CaptureError } from './capture-error';
import type { CaptureRequest } from './capture-page';

/** Maximum length of a capture's note, in characters. */
export const MAX_NOTE_LENGTH = 5000;

/** A request found complete, with what it needs from the database. */
export interface CheckedRequest {
  mode: NonNullable<CaptureRequest['mode']>;
  note: string;
  controls: Control[];
  capturer: NonNullable<Awaited<ReturnType<typeof getIdentity>>>;
  settings: CaptureSettings;
  /** The settings' rules plus this capture's own selectors and boxes. */
  rules: RedactionRules;
  effectiveDate?: string;
}

/** Checks the request before the tab is touched: note, mode, controls and the capturer's identity. */
export async function checkRequest(req: CaptureRequest, db: ProofTrailDb): Promise<CheckedRequest> {
  const mode = req.mode ?? 'visible';
  const note = req.note.trim();
  if (note.length > MAX_NOTE_LENGTH)
    throw new CaptureError(`The note is longer than ${MAX_NOTE_LENGTH} characters.`);
  if (mode === 'element' && !req.selector?.trim())
    throw new CaptureError('Element capture needs a CSS selector.');
  const [catalog, capturer, settings] = await Promise.all([
    listAllControls(db),
    getIdentity(db),
    getCaptureSettings(db),
  ]);
  const effectiveDate = checkEffectiveDate(req.effectiveDate);
  const controls = getControlsByIds(catalog, req.controlIds);
  if (!controls.ok) throw new CaptureError(controls.problem);
  if (!capturer) throw new CaptureError('Set your name and email before the first capture.');
  const rules: RedactionRules = {
    selectors: [...settings.redactSelectors, ...(req.redactSelectors ?? [])],
    textPatterns: settings.redactPatterns,
    manual: req.manualRedactions ?? [],
  };
  return {
    mode,
    note,
    controls: controls.controls,
    capturer,
    settings,
    rules,
    ...(effectiveDate ? { effectiveDate } : {}),
  };
}

/** Oldest effective date accepted: evidence of an activity more than ten years back is a typo. */
const MAX_EFFECTIVE_AGE_YEARS = 10;

/**
 * An effective date must be a date that exists, not after today on this machine (an activity
 * cannot happen after its capture) and not more than ten years back. Empty means none.
 */
export function checkEffectiveDate(text: string | undefined, now = new Date()): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  let date: LocalDate;
  try {
    date = parseDate(t);
  } catch {
    throw new CaptureError(`The activity date "${t}" is not a date (YYYY-MM-DD).`);
  }
  const today = formatDate({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
  if (t > today)
    throw new CaptureError(
      `The activity date ${t} is after today (${today}): it says when the activity shown happened, which cannot be later than its capture.`,
    );
  if (date.year < now.getFullYear() - MAX_EFFECTIVE_AGE_YEARS)
    throw new CaptureError(`The activity date ${t} is more than ${MAX_EFFECTIVE_AGE_YEARS} years ago.`);
  return t;
}
