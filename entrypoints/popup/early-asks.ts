import type { PopupForm } from '../../lib/db/popup-form';
import { sendMessage } from '../../lib/messaging/client';
import { findTargetTab, type TargetTab } from './target-tab';

/**
 * What the popup asks before its modules have loaded: the form's data (from the worker) and the page
 * to capture (from the browser). popup-early.ts asks them from a classic script in the popup's head,
 * which runs while the browser is still fetching the popup's modules; main.tsx takes the same
 * promises (form-request.ts, target-tab.ts), or asks itself should that script not have run.
 */
export interface EarlyAsks {
  form: Promise<PopupForm>;
  target: Promise<TargetTab>;
}

/** Where the classic script leaves its asks for the popup's modules: this page's own global. */
const KEY = '__prooftrailPopupAsks';

/** Null once the modules took them, so that a late early script asks nothing twice. */
type WithAsks = typeof globalThis & { [KEY]?: EarlyAsks | null };

/** Asks the worker for the form's data: its reply, or why it did not give it. */
export function askWorkerForForm(): Promise<PopupForm> {
  return sendMessage('getPopupForm', {}).then((reply) => {
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  });
}

/** Starts both asks and leaves them for the popup's modules (popup-early.ts). */
export function startEarlyAsks(): void {
  if ((globalThis as WithAsks)[KEY] !== undefined) return;
  const asks: EarlyAsks = { form: askWorkerForForm(), target: findTargetTab() };
  // Whoever takes them handles their failures; until then they must not be reported as unhandled.
  asks.form.catch(() => undefined);
  asks.target.catch(() => undefined);
  (globalThis as WithAsks)[KEY] = asks;
}

/** The asks popup-early.ts started, taken once (later callers ask for themselves). */
export function takeEarlyAsks(): EarlyAsks | undefined {
  const g = globalThis as WithAsks;
  const asks = g[KEY];
  g[KEY] = null;
  return asks ?? undefined;
}
