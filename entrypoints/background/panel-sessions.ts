import { browser } from 'wxt/browser';
import type { CallerFor } from '../../lib/messaging/server';

/**
 * The panel's token, per tab: made by the worker each time it opens the panel in a tab that has
 * none, handed to the panel's page script (which puts it in the frame's address fragment), and
 * required with every `panel` message. Kept in `storage.session` (memory only, extension contexts
 * only) so a worker restarted while the panel is open still knows it.
 */
const key = (tabId: number) => `panelToken:${tabId}`;

/** 32 random bytes, base64url: the shape `lib/messaging/protocol.ts` accepts. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The tab's current token, if the panel is open there. */
export async function panelToken(tabId: number): Promise<string | undefined> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)];
  return typeof stored === 'string' ? stored : undefined;
}

/** The token of the panel in this tab: the one already open, or a new one. */
export async function startPanelSession(tabId: number): Promise<string> {
  const existing = await panelToken(tabId);
  if (existing) return existing;
  const token = newToken();
  await browser.storage.session.set({ [key(tabId)]: token });
  return token;
}

/** Forgets the tab's token: a frame holding it is no longer listened to. */
export async function endPanelSession(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}

/** Whether a panel frame holds the token the worker made for its own tab (never a tab the data names). */
export async function isPanelSession(caller: CallerFor<'panel'>, token: string): Promise<boolean> {
  const expected = await panelToken(caller.tabId);
  if (!expected || expected.length !== token.length) return false;
  let diff = 0;
  for (let i = 0; i < token.length; i++) diff |= token.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** A tab that closes or loads a new document ends its panel: the frame went with the old document. */
export function registerPanelSessionEnds(): void {
  browser.tabs.onRemoved.addListener((tabId) => void endPanelSession(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void endPanelSession(tabId);
  });
}
