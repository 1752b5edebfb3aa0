import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTab, type TrackedTab } from '../../lib/automation/extension-pages';
import type { LaunchedBrowser } from '../../lib/automation/launch';
import type { StaticServer } from '../../lib/demo/static-server';
import type { PageText, PageTextScope, RedactionArea } from '../../lib/page-agent/types';
import { launch, startFixtureSite } from './support';

/**
 * The capture agent in real Chromium, asked directly by the worker as a capture asks it: what
 * it reports for the snapshot decision (a match anywhere), for the record (what it could not
 * inspect) and the page text it keeps for each capture scope.
 */
let site: StaticServer;
let b: LaunchedBrowser;
let tab: TrackedTab;
const rules = { selectors: [], textPatterns: ['sk_live_\\w+'] };

beforeAll(async () => {
  site = await startFixtureSite();
  b = await launch();
  tab = await openTab(b);
});
afterAll(async () => {
  await b?.close();
  await site?.close();
});

/** Sends one message to the agent in the tab's top frame, injecting it as the worker does. */
async function ask<T>(type: string, data: unknown): Promise<T> {
  const reply = await b.worker.evaluate(
    async ({ tabId, type, data }) => {
      await chrome.scripting.executeScript({ target: { tabId }, files: ['/capture-agent.js'] });
      return chrome.tabs.sendMessage(tabId, { id: 1, type, data, timestamp: Date.now() }, { frameId: 0 });
    },
    { tabId: tab.tabId, type, data },
  );
  const res = (reply as { res?: { ok: boolean; value?: T; error?: string } }).res;
  if (!res?.ok) throw new Error(`${type}: ${JSON.stringify(reply)}`);
  return res.value as T;
}

const pageText = (scope?: PageTextScope, extra = {}) =>
  ask<PageText>('agentPageText', { ...rules, ...extra, scope });

describe('what the capture agent reports', () => {
  it('says a rule matched below the fold, and keeps only the visible text for a visible capture', async () => {
    await tab.page.goto(`${site.origin}/below-fold.html`);
    const visible = await pageText({ kind: 'viewport' });
    expect(visible.matchedAnywhere).toBe(true);
    expect(visible.text).toContain('Environment: production');
    expect(visible.text).not.toContain('Deploy key');
    const whole = await pageText({ kind: 'page' });
    expect(whole.text).toContain('Deploy key: [redacted]');
    expect(whole.text).not.toContain('belowfold321');
    // The mask is there too, off screen: nothing on screen to black out.
    const areas = await ask<RedactionArea[]>('agentRedactions', rules);
    const viewport = await tab.page.evaluate(() => innerHeight);
    expect(areas.map((a) => a.rule)).toEqual(['text-pattern']);
    expect(areas[0]!.y).toBeGreaterThan(viewport);
  });

  it('says nothing matched on a page without secrets', async () => {
    await tab.page.goto(`${site.origin}/change.html`);
    expect(await pageText({ kind: 'page' })).toMatchObject({ matchedAnywhere: false, redacted: false });
  });

  it('lists a cross-origin frame as not inspected, and limits the text to the element or the region', async () => {
    await tab.page.goto(`${site.origin}/secrets.html`);
    await tab.page.frameLocator('#same').locator('#frame-pw').waitFor();
    const crossOrigin = site.origin.replace('127.0.0.1', 'localhost');
    const element = await pageText({ kind: 'element', selector: '#boxed' });
    expect(element).toMatchObject({
      text: 'Billing account ACCT-BOXED-5150',
      matchedAnywhere: true,
      notInspected: [`cross-origin frame ${crossOrigin}`],
    });
    const rect = await tab.page.locator('#title').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    });
    expect((await pageText({ kind: 'region', rect })).text).toBe('Keys console');
    // Text in the same-origin frame and the open shadow root is read (and masked) too.
    const whole = await pageText({ kind: 'page' });
    expect(whole.text).toContain('Shadow password');
    expect(whole.text).toContain('Frame password');
    expect(whole.text).not.toMatch(/splitabc42|sk_live_/);
  });

  it('removes text under a drawn box, and says a box alone is a match', async () => {
    const box = await tab.page.locator('#boxed').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    });
    const out = await ask<PageText>('agentPageText', {
      selectors: [],
      textPatterns: [],
      manual: [box],
      scope: { kind: 'viewport' },
    });
    expect(out.text).toContain('Keys console');
    expect(out.text).not.toContain('ACCT-BOXED-5150');
    expect(out.matchedAnywhere).toBe(true);
  });
});
