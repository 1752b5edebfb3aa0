import { getControlsByIds } from '../catalog/lookup';
import type { Control } from '../catalog/types';
import { type CaptureSettings, getCaptureSettings } from '../db/capture-settings-repo';
import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import { getIdentity } from '../db/settings-repo';
import type { RedactionRules } from '../page-agent/types';
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
  const controls = getControlsByIds(catalog, req.controlIds);
  if (!controls.ok) throw new CaptureError(controls.problem);
  if (!capturer) throw new CaptureError('Set your name and email before the first capture.');
  const rules: RedactionRules = {
    selectors: [...settings.redactSelectors, ...(req.redactSelectors ?? [])],
    textPatterns: settings.redactPatterns,
    manual: req.manualRedactions ?? [],
  };
  return { mode, note, controls: controls.controls, capturer, settings, rules };
}
