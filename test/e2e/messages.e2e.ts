import { beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage, type TrackedTab } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { captureCount as storedCount } from './stored';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
let victim: TrackedTab;
let hostile: TrackedTab;

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  victim = await openTab(b);
  await victim.page.goto(`${site.origin}/review.html`);
  hostile = await openTab(b);
  await hostile.page.goto(`${site.origin}/hostile-messages.html`);
  // With an identity set, a capture request that got through would be stored.
  const popup = await PopupPage.open(b, victim);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.page.close();
});

type Reply = { res?: { ok: boolean; error?: string; value?: unknown }; err?: unknown } | undefined;

/** A well-formed panel token, which the content script can only guess. */
const GUESS = 'A'.repeat(43);

/** The messages a content script would send: a capture of another tab, the control list, ... */
const requests = (victimTabId: number) => ({
  captureTab: { tabId: victimTabId, controlIds: ['A.5.18'], note: 'forged' },
  captureFromPanel: { controlIds: ['A.5.18'], note: 'forged', token: GUESS },
  getPanelContext: { token: GUESS },
  pickOnPage: { tool: 'element', token: GUESS },
  showBlackouts: { boxes: [], token: GUESS },
  resizePanel: { height: 10, token: GUESS },
  closePanel: { token: GUESS },
  openPanel: { tabId: victimTabId },
  describeFullPage: { tabId: victimTabId },
  drainTimestamps: { force: true },
  runRecipe: {
    recipe: {
      schema: 'prooftrail.recipe/1',
      name: 'forged',
      steps: [{ url: 'https://console.example/', controlIds: ['A.5.18'] }],
    },
  },
});

/** Sends each request from a content script injected into the hostile tab (its isolated world). */
async function sendFromContentScript(): Promise<Record<string, Reply>> {
  return b.worker.evaluate(
    async ({ tabId, messages }) => {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId },
        args: [messages],
        func: async (all: Record<string, unknown>) => {
          const replies: Record<string, unknown> = {};
          for (const [type, data] of Object.entries(all))
            replies[type] = await chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() });
          return replies;
        },
      });
      return result?.result as Record<string, Reply>;
    },
    { tabId: hostile.tabId, messages: requests(victim.tabId) },
  );
}

/** Sends one request from an extension page (the popup, in a window of its own). */
async function sendFromExtensionPage(type: string, data: unknown): Promise<Reply> {
  const popup = await PopupPage.open(b, victim);
  try {
    return await popup.page.evaluate(
      ({ type, data }) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }),
      { type, data },
    );
  } finally {
    await popup.page.close();
  }
}

const captureCount = () => storedCount(b);

describe('messages are checked by the worker', () => {
  it('gives the hostile page script no way to message the extension', async () => {
    expect(await hostile.page.locator('#reach').textContent()).toBe('no sendMessage');
  });

  it('refuses every request from a content script on the hostile page, and stores nothing', async () => {
    const before = await captureCount();
    const replies = await sendFromContentScript();
    for (const type of Object.keys(requests(victim.tabId))) {
      expect(replies[type]?.res, type).toMatchObject({
        ok: false,
        error: expect.stringMatching(new RegExp(`^Refused "${type}": it is accepted only from`)),
      });
    }
    expect(await captureCount()).toBe(before);
  });

  it('accepts the same capture of the victim tab from an extension page', async () => {
    const before = await captureCount();
    const reply = await sendFromExtensionPage('captureTab', requests(victim.tabId).captureTab);
    expect(reply?.res, JSON.stringify(reply)).toMatchObject({ ok: true });
    expect(await captureCount()).toBe(before + 1);
  });

  it('refuses a malformed request even from an extension page', async () => {
    const reply = await sendFromExtensionPage('captureTab', {
      tabId: String(victim.tabId),
      controlIds: 'A.5.18',
    });
    expect(reply?.res).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Refused "captureTab": its data is malformed/),
    });
  });
});
