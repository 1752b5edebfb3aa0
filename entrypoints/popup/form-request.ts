import type { PopupForm } from '../../lib/db/popup-form';
import { sendMessage } from '../../lib/messaging/client';

let asked: Promise<PopupForm> | undefined;

/**
 * The form's data, asked of the worker once per page (main.tsx asks at its first line, while the
 * form's code loads; App.tsx takes the same answer). Should the worker not answer it, the popup
 * reads the same data from the database itself.
 */
export function requestForm(): Promise<PopupForm> {
  asked ??= sendMessage('getPopupForm', {})
    .then((reply) => {
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    })
    .catch(readHere);
  return asked;
}

async function readHere(): Promise<PopupForm> {
  const [{ getDb }, { readPopupForm }] = await Promise.all([
    import('../../lib/db/database'),
    import('../../lib/db/popup-form'),
  ]);
  return readPopupForm(getDb());
}
