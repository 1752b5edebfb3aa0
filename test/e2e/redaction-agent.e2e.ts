import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlaps } from '../../lib/page-agent/text-match';
import type {
  DocRect,
  PageText,
  PageTextScope,
  PageView,
  RedactionArea,
  RedactionRules,
  ViewInspection,
  ViewScope,
} from '../../lib/page-agent/types';
import { openTab, type TrackedTab } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { keyTablePage } from '../../node/bench/redaction-bench';
import { type StaticServer, serveStatic } from '../../node/demo/static-server';
import { tempDir, withSiteAndBrowser } from './support';

/**
 * The capture agent in real Chromium, asked directly by the worker as a capture asks it: what
 * it reports for the snapshot decision (a match anywhere), for the record (what it could not
 * inspect) and the page text it keeps for each capture scope.
 */
let site: StaticServer;
let tables: StaticServer;
let b: LaunchedBrowser;
let tab: TrackedTab;
const rules = { selectors: [], textPatterns: ['sk_live_\\w+'] };

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  const dir = tempDir('prooftrail-key-table-');
  writeFileSync(join(dir, 'key-table.html'), keyTablePage(400));
  tables = await serveStatic(dir);
  tab = await openTab(b);
});
afterAll(async () => {
  await tables?.close();
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

describe('one pass for a capture that does not scroll', () => {
  const email = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';
  const viewport = () =>
    tab.page.evaluate(() => ({ x: scrollX, y: scrollY, width: innerWidth, height: innerHeight }));
  const within = (areas: RedactionArea[], view: DocRect) => areas.filter((a) => overlaps(a, view));

  /** Asks for the one pass and for the two separate answers; they must agree within the viewport. */
  async function expectSameAsSeparate(r: RedactionRules, scope: ViewScope) {
    const one = await ask<ViewInspection>('agentInspectView', { ...r, scope });
    const areas = await ask<RedactionArea[]>('agentRedactions', r);
    const text = await ask<PageText>('agentPageText', { ...r, scope });
    const view = await viewport();
    expect(one.text).toEqual(text);
    expect(within(one.areas, view)).toEqual(within(areas, view));
    expect(areas).toEqual(expect.arrayContaining(one.areas));
    return { one, areas };
  }

  it('masks and reads the secrets page as the separate messages do: split spans, fields, shadow root, frame, drawn box', async () => {
    await tab.page.goto(`${site.origin}/secrets.html`);
    await tab.page.frameLocator('#same').locator('#frame-pw').waitFor();
    const box = { x: 20, y: 200, width: 200, height: 40 };
    const r = { selectors: ['#boxed'], textPatterns: ['sk_live_\\w+', email], manual: [box] };
    const { one } = await expectSameAsSeparate(r, { kind: 'viewport' });
    expect(new Set(one.areas.map((a) => a.rule))).toEqual(
      new Set(['password-field', 'selector', 'text-pattern', 'manual']),
    );
    expect(one.text.text).not.toMatch(/splitabc42|sk_live_|ACCT-BOXED/);
    await expectSameAsSeparate(r, { kind: 'region', rect: { x: 0, y: 0, width: 400, height: 120 } });
  });

  it.each([
    ['at the top', 0],
    ['scrolled into the middle', 4321.5],
    ['at the bottom', 1e6],
  ])(
    'masks and reads a long key table %s as the separate messages do, measuring only matches near the view',
    async (_, y) => {
      await tab.page.goto(`${tables.origin}/key-table.html`);
      await tab.page.evaluate((top) => window.scrollTo(0, top), y);
      const r = { selectors: ['td.account-id'], textPatterns: ['sk_live_\\w+', email] };
      const { one, areas } = await expectSameAsSeparate(r, { kind: 'viewport' });
      const matched = (list: RedactionArea[]) => list.filter((a) => a.rule === 'text-pattern').length;
      expect(matched(areas)).toBe(800); // a token and an email on each of the 400 rows
      expect(matched(one.areas)).toBeGreaterThan(0);
      expect(matched(one.areas)).toBeLessThan(100);
      // Off-screen masks are not sent back: the account cells far from the view are left out.
      expect(one.areas.filter((a) => a.rule === 'selector').length).toBeLessThan(100);
      expect(one.text.matchedAnywhere).toBe(true);
      const view = await viewport();
      await expectSameAsSeparate(r, {
        kind: 'region',
        rect: { x: view.x + 100, y: view.y + 50, width: 600, height: 300 },
      });
    },
  );

  it('says a rule matched below the fold while nothing in view is masked', async () => {
    await tab.page.goto(`${site.origin}/below-fold.html`);
    const { one } = await expectSameAsSeparate(rules, { kind: 'viewport' });
    expect(one.areas).toEqual([]);
    expect(one.text.matchedAnywhere).toBe(true);
  });

  it('does not skip elements a page marks with data-prooftrail-ui (only ProofTrail’s own host is its UI)', async () => {
    await tab.page.goto(`${site.origin}/spoofed-ui.html`);
    const areas = await ask<RedactionArea[]>('agentRedactions', rules);
    const text = await pageText({ kind: 'viewport' });
    // Three keys and the password field: each masked, none in the stored text.
    expect(areas.filter((a) => a.rule === 'text-pattern')).toHaveLength(3);
    expect(areas.filter((a) => a.rule === 'password-field')).toHaveLength(1);
    for (const secret of ['SPOOFED1', 'SPOOFED2', 'PLAIN3', 'hunter2spoofed'])
      expect(text.text).not.toContain(secret);
    expect(text.text).toContain('Backup key: [redacted]');
  });
});

describe('one message for a capture that does not scroll (agentView)', () => {
  /** The document marker the worker reads by script injection (capture-service.ts readTab). */
  const markerByScript = () =>
    b.worker.evaluate(async (tabId) => {
      const [r] = await chrome.scripting.executeScript({
        target: { tabId },
        injectImmediately: true,
        func: () => String(performance.timeOrigin),
      });
      return r?.result as string;
    }, tab.tabId);

  it('answers what agentInspectView answers, with the page metrics and the document the worker would read', async () => {
    await tab.page.goto(`${site.origin}/secrets.html`);
    await tab.page.frameLocator('#same').locator('#frame-pw').waitFor();
    const r = { selectors: ['#boxed'], textPatterns: ['sk_live_\\w+'] };
    const scope = { kind: 'viewport' };
    const view = await ask<PageView>('agentView', { ...r, scope });
    expect(view.inspection).toEqual(await ask<ViewInspection>('agentInspectView', { ...r, scope }));
    const seen = await tab.page.evaluate(() => ({
      w: innerWidth,
      h: innerHeight,
      y: scrollY,
      t: document.title,
    }));
    expect(view.metrics).toMatchObject({
      viewportWidth: seen.w,
      viewportHeight: seen.h,
      scrollY: seen.y,
      title: seen.t,
    });
    expect(view.document).toBe(await markerByScript());
  });

  it("reports its own document's marker, whatever the page's script makes performance say", async () => {
    await tab.page.goto(`${site.origin}/change.html`);
    const before = await markerByScript();
    // A hostile page rewrites what its own world reads; the agent's isolated world is not its.
    await tab.page.evaluate(() =>
      Object.defineProperty(Performance.prototype, 'timeOrigin', { get: () => 42, configurable: true }),
    );
    expect(await tab.page.evaluate(() => String(performance.timeOrigin))).toBe('42');
    const view = await ask<PageView>('agentView', { ...rules, scope: { kind: 'viewport' } });
    expect(view.document).toBe(before);
    // Another document (a reload at the same address) has another marker.
    await tab.page.reload();
    const again = await ask<PageView>('agentView', { ...rules, scope: { kind: 'viewport' } });
    expect(again.document).not.toBe(before);
  });

  it('starts the server-clock probe it is given and answers it by its token; a malformed token is refused', async () => {
    await tab.page.goto(`${site.origin}/change.html`);
    const token = '0b6f3c1e-8d2a-4a51-9d44-6f0f5a3e2b10';
    await ask<PageView>('agentView', {
      ...rules,
      scope: { kind: 'viewport' },
      serverClock: { timeoutMs: 1500, token },
    });
    const clock = await ask<{ date?: string; reason?: string }>('agentServerDate', {
      timeoutMs: 1500,
      token,
    });
    expect(clock.date ?? clock.reason).toBeTruthy();
    if (clock.date) expect(Math.abs(Date.parse(clock.date) - Date.now())).toBeLessThan(60_000);
    await expect(ask('agentServerDate', { timeoutMs: 1500, token: 'not a token' })).rejects.toThrow(
      /Refused/,
    );
  });
});
