import { describe, expect, it } from 'vitest';
import { openTab, PopupPage, type TrackedTab } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { storedCounts } from './stored';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

/** Starts a full-page capture of long.html and, once it has scrolled past the first frame, disturbs the tab. */
async function captureWhile(disturb: (tab: TrackedTab) => Promise<void>): Promise<string> {
  const tab = await openTab(b);
  await tab.page.goto(`${site.origin}/long.html`);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.pickControls(['A.8.15']);
  await popup.setMode('full-page');
  const capture = popup.capture().then(
    () => 'stored',
    (e: Error) => e.message,
  );
  // The capture scrolls the page one viewport at a time: past the top, the first frame is taken.
  await tab.page.waitForFunction(() => scrollY > 0, undefined, { timeout: 30_000 });
  await disturb(tab);
  const outcome = await capture;
  await popup.page.close();
  return outcome;
}

describe('one tab, one moment', () => {
  it('stops a full-page capture when another tab becomes active in its window, and stores nothing', async () => {
    const before = await storedCounts(b);
    const outcome = await captureWhile(async (tab) => {
      await b.worker.evaluate(async (id) => {
        const { windowId } = await chrome.tabs.get(id);
        await chrome.tabs.create({ windowId, url: 'about:blank', active: true });
      }, tab.tabId);
    });
    expect(outcome).toBe(
      'The tab changed during the capture (another tab became the visible tab of its window); nothing was stored.',
    );
    expect(await storedCounts(b)).toEqual(before);
  });

  it('stops a full-page capture when the tab navigates, and stores nothing', async () => {
    const before = await storedCounts(b);
    const outcome = await captureWhile(async (tab) => {
      await tab.page.evaluate(() => {
        location.href = '/change.html';
      });
    });
    expect(outcome).toMatch(
      /^The tab changed during the capture \((the page went to another address|the page was reloaded or replaced)\); nothing was stored\.$/,
    );
    expect(await storedCounts(b)).toEqual(before);
  });

  it('still captures the same page whole when nothing changes', async () => {
    const before = await storedCounts(b);
    const outcome = await captureWhile(async () => undefined);
    expect(outcome).toBe('stored');
    expect((await storedCounts(b)).captures).toBe((before.captures ?? 0) + 1);
  });
});
