import { browser } from 'wxt/browser';

/**
 * The control a reminder opened a tab for, per tab, in `storage.session` (memory only; survives the
 * worker sleeping): the panel opened in that tab starts with it selected, as long as the tab stays
 * on the site the reminder opened (a login redirect within the site keeps it).
 */
const key = (tabId: number) => `reminderPanel:${tabId}`;

interface Preselection {
  controlId: string;
  origin: string;
}

/** Remembers that the panel in this tab should start with `controlId` selected while on `url`'s site. */
export async function rememberReminderControl(tabId: number, controlId: string, url: string): Promise<void> {
  const value: Preselection = { controlId, origin: new URL(url).origin };
  await browser.storage.session.set({ [key(tabId)]: value });
}

/** The control a reminder opened this tab for, when the tab is still on that site. */
export async function reminderControlFor(tabId: number, pageUrl: string): Promise<string | undefined> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)] as Preselection | undefined;
  if (!stored || typeof stored.controlId !== 'string') return undefined;
  let origin: string | undefined;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return undefined;
  }
  return origin === stored.origin ? stored.controlId : undefined;
}

/** A closed tab forgets its reminder. */
export function registerReminderPanelEnds(): void {
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(key(tabId)));
}
