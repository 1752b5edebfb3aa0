import type { CDPSession, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage, type TrackedTab } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { captureInPanel, isPanelFrame, panelDialog } from './panel-frame';
import { storedNotes } from './stored';
import { withSiteAndBrowser } from './support';

/** What test/e2e/fixtures/panel-attacks.html's script reports after reading the page. */
interface Found {
  hosts: string[];
  openShadowRoots: number;
  controls: string[];
  noteText: string[];
  frames: string[];
  frameDocs: (string | null)[];
  leakedUrls: string[];
}
type Attacks = {
  read(): Found;
  pressCapture(): string[];
  drawWithSyntheticEvents(): number;
  pressEscape(): void;
  frameThePanel(url: string): Promise<boolean>;
  takeTheTag(): boolean;
  bringBack(): number;
  navigateFrames(url: string): number;
};
/** Runs one of the hostile page's attacks in the page's own world, as its script would. */
const attack = <K extends keyof Attacks>(page: Page, name: K, ...args: Parameters<Attacks[K]>) =>
  page.evaluate(
    ([name, args]) => {
      const attacks = (window as unknown as { attacks: Record<string, (...a: unknown[]) => unknown> })
        .attacks;
      return attacks[name]!(...args);
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Attacks[K]>>>;

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  const tab = await openTab(b);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.page.close();
  await tab.page.close();
});

/** A tab on the hostile page; `before` runs the page's attacks that must come first. */
async function hostileTab(before?: (page: Page) => Promise<unknown>): Promise<TrackedTab> {
  const tab = await openTab(b);
  await tab.page.goto(`${site.origin}/panel-attacks.html`);
  await before?.(tab.page);
  return tab;
}

/** Opens the panel as the user does, from the toolbar popup; returns its dialog. */
async function openPanel(tab: TrackedTab): Promise<Locator> {
  const popup = await PopupPage.open(b, tab);
  const closed = popup.page.waitForEvent('close');
  await popup.page.getByRole('button', { name: /Capture on the page/ }).click();
  await closed;
  return panelDialog(tab.page);
}

/** Picks a control and types a note in the panel, as the user (trusted input). */
async function fillPanel(panel: Locator, note: string): Promise<void> {
  const search = panel.getByLabel('Find controls by ID or words');
  await search.fill('A.8.15');
  await search.press('Enter');
  await panel.getByLabel('Note (optional)').fill(note);
}

async function drag(page: Page, from: [number, number], to: [number, number]) {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2);
  await page.mouse.move(...to);
  await page.mouse.up();
}

/** The worker's panel token for a tab (storage.session), if it holds one. */
const tokenOf = (tab: TrackedTab) =>
  b.worker.evaluate(
    async (key) => (await chrome.storage.session.get(key))[key] as string | undefined,
    `panelToken:${tab.tabId}`,
  );

/**
 * Records the page's JavaScript worlds as they are made, so listeners can be read in each: the
 * page's own and the extension's isolated world (where the panel's page script listens).
 */
async function watchWorlds(page: Page): Promise<{ cdp: CDPSession; worlds: Map<number, string> }> {
  const cdp = await page.context().newCDPSession(page);
  const worlds = new Map<number, string>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.frameId === mainFrameId) worlds.set(context.id, context.name || 'page');
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => worlds.delete(executionContextId));
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrameId = frameTree.frame.id;
  await cdp.send('Runtime.enable');
  return { cdp, worlds };
}

/**
 * Listener types on the window, document and root element, in the top frame's isolated worlds:
 * the extension's scripts listen there (the page world's are the page's and Playwright's own).
 */
async function listeners({ cdp, worlds }: Awaited<ReturnType<typeof watchWorlds>>): Promise<string[]> {
  const types: string[] = [];
  for (const [contextId, world] of worlds) {
    if (world === 'page' || /playwright|utility/i.test(world)) continue;
    for (const expression of ['window', 'document', 'document.documentElement']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression, contextId });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      types.push(...listeners.map((l) => `${world} ${expression}:${l.type}`));
    }
  }
  return types.sort();
}

describe('a hostile page cannot use the panel', () => {
  it('(a) cannot find or read its controls or the note the user types', async () => {
    const tab = await hostileTab();
    const panel = await openPanel(tab);
    await fillPanel(panel, 'private note of the user');
    const found = await attack(tab.page, 'read');
    // The page sees one host element, closed, and a frame of another origin it cannot read.
    expect(found).toMatchObject({ openShadowRoots: 0, controls: [], noteText: [], frames: [] });
    expect(found.frameDocs).toEqual([]);
    const secret = JSON.stringify(found);
    const token = await tokenOf(tab);
    expect(token).toMatch(/^[\w-]{43}$/);
    for (const leak of ['private note', 'panel-frame', token!]) expect(secret).not.toContain(leak);
    expect(await tab.page.evaluate(() => document.body.innerText)).not.toContain('private note');
    await tab.page.close();
  });

  it('(b) cannot type a note, pick controls or press Capture with synthetic events or element.click()', async () => {
    const tab = await hostileTab();
    const panel = await openPanel(tab);
    await fillPanel(panel, 'the user note');
    const before = await storedNotes(b);
    const touched = await attack(tab.page, 'pressCapture');
    expect(touched.filter((t) => !t.startsWith('events at'))).toEqual([]);
    // The user's own capture is the only one stored after the attack, with the user's note.
    await captureInPanel(panel);
    expect(await storedNotes(b)).toEqual([...before, 'the user note']);
    await tab.page.close();
  });

  it('(c) cannot pick an element, draw or clear black-outs, or cancel with synthetic mouse and key events', async () => {
    const tab = await hostileTab();
    const panel = await openPanel(tab);
    await fillPanel(panel, '');
    await panel.getByRole('button', { name: 'Draw boxes' }).click();
    await attack(tab.page, 'drawWithSyntheticEvents');
    await attack(tab.page, 'pressEscape');
    // Still drawing: the page's drag drew nothing and its Escape cancelled nothing; the user's drag counts.
    await drag(tab.page, [150, 150], [400, 300]);
    await panel.getByRole('button', { name: 'Clear (1)' }).waitFor();
    await panel.getByRole('radio', { name: 'Element' }).check();
    await panel.getByRole('button', { name: 'Pick element' }).click();
    await attack(tab.page, 'drawWithSyntheticEvents');
    await attack(tab.page, 'pressEscape');
    await tab.page.mouse.click(200, 90);
    await panel.getByText('div#secret', { exact: true }).waitFor();
    // A real Escape cancels a pick.
    await panel.getByRole('button', { name: 'Pick another element' }).click();
    await tab.page.keyboard.press('Escape');
    await panel.getByRole('button', { name: 'Pick another element' }).waitFor({ state: 'visible' });
    await expect(panel.getByRole('button', { name: 'Clear (1)' }).count()).resolves.toBe(1);
    await tab.page.close();
  });

  it('(d) a copy of the panel page the page frames itself is refused, even when the user clicks in it', async () => {
    const tab = await hostileTab();
    const real = await openPanel(tab);
    const realFrame = tab.page.frames().find(isPanelFrame)!;
    const guess = `#${'A'.repeat(43)}`;
    // Chromium serves the page only at a per-session address (use_dynamic_url): the fixed one fails.
    await attack(tab.page, 'frameThePanel', `chrome-extension://${b.extensionId}/panel-frame.html${guess}`);
    expect(tab.page.frames().filter(isPanelFrame)).toEqual([realFrame]);
    // Suppose the page learnt the per-session address: the copy loads, and the worker refuses it.
    const sessionUrl = await b.worker.evaluate(() => chrome.runtime.getURL('/panel-frame.html'));
    await attack(tab.page, 'frameThePanel', `${sessionUrl}${guess}`);
    const copy = await panelDialog(tab.page, [realFrame]);
    await copy
      .getByText(
        'Refused "getPanelContext": it is accepted only from the panel ProofTrail opened in this tab.',
      )
      .waitFor();
    const before = await storedNotes(b);
    // The user types and clicks in the copy; with no controls offered, Capture stays disabled...
    await copy.getByLabel('Note (optional)').fill('typed in the copy');
    await copy
      .getByRole('button', { name: /^Capture / })
      .click({ force: true, trial: false })
      .catch(() => undefined);
    // ...and a capture request from that frame itself, with the address's token, is refused by the worker.
    const copyFrame = tab.page.frames().find((f) => isPanelFrame(f) && f !== realFrame)!;
    const reply = await copyFrame.evaluate(
      (token) =>
        chrome.runtime.sendMessage({
          id: 1,
          type: 'captureFromPanel',
          data: { token, controlIds: ['A.8.15'], note: 'from the copy' },
          timestamp: Date.now(),
        }),
      'A'.repeat(43),
    );
    expect(reply.res).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Refused "captureFromPanel"/),
    });
    // The real panel still works, and only its capture is stored.
    await fillPanel(real, 'from the real panel');
    await captureInPanel(real);
    expect(await storedNotes(b)).toEqual([...before, 'from the real panel']);
    await tab.page.close();
  });

  it('(e) a page that defines and inserts its own <prooftrail-panel> first does not stop the real one', async () => {
    const tab = await hostileTab((page) => attack(page, 'takeTheTag'));
    const panel = await openPanel(tab);
    // Opening again reuses the one panel.
    await openPanel(tab);
    expect(tab.page.frames().filter(isPanelFrame)).toHaveLength(1);
    const state = await tab.page.evaluate(() => ({
      built: (window as unknown as { impostorsBuilt?: number }).impostorsBuilt,
      grabbed: 'grabbedShadow' in window,
      impostor: document.querySelector('prooftrail-panel')?.shadowRoot?.textContent,
    }));
    expect(state).toEqual({ built: 1, grabbed: false, impostor: 'impostor panel' });
    const before = await storedNotes(b);
    await fillPanel(panel, 'despite the impostor');
    await captureInPanel(panel);
    expect(await storedNotes(b)).toEqual([...before, 'despite the impostor']);
    await tab.page.close();
  });

  it('(f) once the user closed the panel, nothing of it is left and the page cannot bring it back', async () => {
    const tab = await hostileTab();
    const worlds = await watchWorlds(tab.page);
    const listenersBefore = await listeners(worlds);
    const panel = await openPanel(tab);
    await fillPanel(panel, '');
    await panel.getByRole('button', { name: 'Draw boxes' }).click();
    await drag(tab.page, [150, 150], [400, 300]);
    // The panel's page script listens in its isolated world; the protocol sees those listeners too.
    expect((await listeners(worlds)).filter((l) => l.endsWith('window:scroll'))).toHaveLength(1);
    await panel.getByRole('button', { name: 'Close the ProofTrail panel' }).click();
    await expect.poll(() => tab.page.frames().filter(isPanelFrame).length).toBe(0);
    expect(await tokenOf(tab)).toBeUndefined();
    expect((await attack(tab.page, 'read')).hosts).toEqual([]);
    expect(await listeners(worlds)).toEqual(listenersBefore);
    const before = await storedNotes(b);
    expect(await attack(tab.page, 'bringBack')).toBe(0);
    expect(await listeners(worlds)).toEqual(listenersBefore);
    expect(tab.page.frames().filter(isPanelFrame)).toHaveLength(0);
    expect((await attack(tab.page, 'read')).hosts).toEqual([]);
    expect(await storedNotes(b)).toEqual(before);
    // The user can open it again, as before: only the worker can.
    await openPanel(tab);
    expect(tab.page.frames().filter(isPanelFrame)).toHaveLength(1);
    await tab.page.close();
  });

  it("(g) cannot reach the panel frame's window to navigate it to a look-alike or message it", async () => {
    const tab = await hostileTab();
    const panel = await openPanel(tab);
    // A frame in a shadow tree is not among the page's window.frames: nothing to navigate or post to.
    expect(await attack(tab.page, 'navigateFrames', `${site.origin}/review.html`)).toBe(0);
    expect(await tab.page.evaluate(() => [window.length, window[0] === undefined])).toEqual([0, true]);
    const before = await storedNotes(b);
    await fillPanel(panel, 'still the real panel');
    await captureInPanel(panel);
    expect(await storedNotes(b)).toEqual([...before, 'still the real panel']);
    await tab.page.close();
  });
});
