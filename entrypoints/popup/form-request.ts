import type { PopupForm } from '../../lib/db/popup-form';
import { askWorkerForForm } from './early-asks';

let asked: Promise<PopupForm> | undefined;

/**
 * The form's data, asked of the worker once per page: by popup-early.ts before the modules load
 * (main.tsx hands its ask over with `adoptFormRequest`), or here. Should the worker not answer it,
 * the popup reads the same data from the database itself.
 */
export function requestForm(): Promise<PopupForm> {
  asked ??= askWorkerForForm().catch(readHere);
  return asked;
}

/** Takes the worker's answer to an ask already made (popup-early.ts), unless one was made here. */
export function adoptFormRequest(early: Promise<PopupForm>): void {
  asked ??= early.catch(readHere);
}

async function readHere(): Promise<PopupForm> {
  const [{ getDb }, { readPopupForm }] = await Promise.all([
    import('../../lib/db/database'),
    import('../../lib/db/popup-form'),
  ]);
  return readPopupForm(getDb());
}
