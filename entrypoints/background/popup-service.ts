import { getDb } from '../../lib/db/database';
import { type PopupForm, readPopupForm } from '../../lib/db/popup-form';
import type { Result } from '../../lib/messaging/protocol';

/**
 * The popup's form data, read here where the database is usually open already: the popup asks at
 * its first line and paints its form without opening a database of its own (read-only).
 */
export async function handleGetPopupForm(): Promise<Result<PopupForm>> {
  try {
    return { ok: true, value: await readPopupForm(getDb()) };
  } catch (e) {
    return { ok: false, error: `Could not read the library: ${(e as Error).message}` };
  }
}
