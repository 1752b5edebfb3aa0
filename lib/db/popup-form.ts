import type { Control } from '../catalog/types';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { UrlRule } from '../rules/url-rules';
import { listCaptures } from './captures-repo';
import type { ProofTrailDb } from './database';
import { getIdentity } from './settings-repo';
import type { Identity } from './types';
import { activeUrlRules } from './url-rules-repo';

/** How many of the newest captures the popup lists. */
export const RECENT_IN_POPUP = 5;

/**
 * What the popup's form needs before it is usable, read in one transaction (the worker reads it
 * for the popup, which then needs no database of its own to open: entrypoints/popup/form-request.ts).
 */
export interface PopupForm {
  /** Who captures; null until they have said (the popup asks first). */
  identity: Identity | null;
  /** Imported controls only: the built-in catalogs are bundled with the popup (withBuiltinControls). */
  customControls: Control[];
  /** The newest captures, newest first. */
  recent: CaptureMetadata[];
  /** The URL rules in force, to suggest controls for the page to capture. */
  urlRules: UrlRule[];
}

/** Reads the popup's form data (identity, imported controls, newest captures, URL rules) at once. */
export function readPopupForm(db: ProofTrailDb): Promise<PopupForm> {
  return db.transaction('r', [db.settings, db.customControls, db.captures], async () => {
    const [identity, custom, recent, urlRules] = await Promise.all([
      getIdentity(db),
      db.customControls.toArray(),
      listCaptures(db, RECENT_IN_POPUP),
      activeUrlRules(db),
    ]);
    return {
      identity: identity ?? null,
      customControls: custom.map(({ id, title, framework }) => ({ id, title, framework })),
      recent,
      urlRules,
    };
  });
}
