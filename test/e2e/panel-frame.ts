import type { Frame, Locator, Page } from 'playwright-core';
import { PopupPage, type TrackedTab } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';

/** Whether a frame is the extension's panel page (the real one or a page-made copy). */
export const isPanelFrame = (f: Frame) => /^chrome-extension:\/\/[^/]+\/panel-frame\.html/.test(f.url());

/**
 * The panel's frame in a page. It sits in a closed shadow root, out of reach of CSS locators, but
 * Playwright sees every frame of the page at the protocol level. `not` skips frames the test
 * itself knows to be page-made copies.
 */
export async function panelFrame(page: Page, not: Frame[] = []): Promise<Frame> {
  const wanted = (f: Frame) => isPanelFrame(f) && !not.includes(f) && !f.isDetached();
  const navigated = page.waitForEvent('framenavigated', { predicate: wanted, timeout: 15_000 });
  const found = page.frames().find(wanted);
  if (found) {
    navigated.catch(() => undefined);
    return found;
  }
  return navigated;
}

/** The panel's dialog inside its frame. */
export async function panelDialog(page: Page, not: Frame[] = []): Promise<Locator> {
  const dialog = (await panelFrame(page, not)).getByRole('dialog', { name: 'ProofTrail evidence panel' });
  await dialog.waitFor();
  return dialog;
}

/** Presses Capture in the panel and waits for its outcome; throws with the panel's message unless saved. */
export async function captureInPanel(panel: Locator): Promise<void> {
  await panel.getByRole('button', { name: /^Capture / }).click();
  await panel.getByText(/Saved\. SHA-256|Capture failed|cannot|must|Refused/).waitFor({ timeout: 60_000 });
  const text = (await panel.locator('.panel-status').textContent()) ?? '';
  if (!text.startsWith('Saved')) throw new Error(text);
}

/** Opens the panel as the user does, from the popup's "Capture on the page", and returns its dialog. */
export async function openPanelFromPopup(b: LaunchedBrowser, tab: TrackedTab): Promise<Locator> {
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  const closed = popup.page.waitForEvent('close');
  await popup.page.getByRole('button', { name: /Capture on the page/ }).click();
  await closed;
  return panelDialog(tab.page);
}
