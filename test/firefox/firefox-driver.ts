import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import { PROJECT_ROOT } from '../../node/automation/build-extension';
import { FIREFOX_INSTALL_HINT, findFirefox } from './find-firefox';

/** The Firefox automation build (`wxt build -b firefox --mode automation`). */
export const FIREFOX_BUILD = join(PROJECT_ROOT, '.output/firefox-mv2-automation');
/** The add-on id set in wxt.config.ts (browser_specific_settings.gecko.id). */
const GECKO_ID = 'prooftrail@prooftrail.dev';
/** Pinned through a pref so extension pages have known addresses. */
const EXTENSION_UUID = '6c3f5d2a-1b7e-4c9a-9f00-0a1b2c3d4e5f';

/** A page in its own window, with the extension's id for its tab. */
export interface FirefoxTab {
  page: Page;
  tabId: number;
}

/** A running headless Firefox ESR with the extension installed as a temporary add-on. */
export interface FirefoxSession {
  browser: Browser;
  /** `moz-extension://<uuid>` */
  origin: string;
  downloadsDir: string;
  /** An extension page kept open to call extension APIs (tabs, IndexedDB) from. */
  helper: Page;
  close(): Promise<void>;
}

/**
 * Launches Firefox over WebDriver BiDi (puppeteer-core) with downloads going to a fresh folder
 * without a prompt, installs the automation build, and opens the helper page.
 */
export async function launchFirefox(): Promise<FirefoxSession> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(`No Firefox. Install it:\n  ${FIREFOX_INSTALL_HINT}`);
  const downloadsDir = mkdtempSync(join(tmpdir(), 'prooftrail-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // Without it, BiDi refuses to navigate to moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'browser.download.folderList': 2,
      'browser.download.dir': downloadsDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  try {
    await browser.installExtension(FIREFOX_BUILD);
    const origin = `moz-extension://${EXTENSION_UUID}`;
    const helper = (await browser.pages())[0] ?? (await browser.newPage());
    await gotoExtensionPage(helper, `${origin}/options.html`);
    return {
      browser,
      origin,
      downloadsDir,
      helper,
      close: async () => {
        await browser.close().catch(() => undefined);
        rmSync(downloadsDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser.close().catch(() => undefined);
    rmSync(downloadsDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Navigates to an extension page. BiDi never reports the load event of a moz-extension:// page,
 * so the navigation is started without waiting and the page itself is polled.
 */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  page.goto(url).catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await page.waitForFunction(
        (u) => location.href === u && document.readyState === 'complete',
        { timeout: Math.max(1, deadline - Date.now()), polling: 100 },
        url,
      );
      return;
    } catch (e) {
      // The wait dies with the document it ran in when the navigation replaces it: wait again.
      if (Date.now() >= deadline) throw new Error(`${url} did not load: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Opens an extension page (e.g. `library.html`) in a window of its own. */
export async function openExtensionPage(s: FirefoxSession, path: string): Promise<Page> {
  const page = await s.browser.newPage({ type: 'window' });
  await gotoExtensionPage(page, `${s.origin}/${path}`);
  return page;
}

/**
 * Opens `url` in a window of its own (so it stays the visible tab there) and finds its extension
 * tab id by exact address from the helper page: BiDi contexts are not extension tab ids.
 */
export async function openTab(s: FirefoxSession, url: string): Promise<FirefoxTab> {
  const page = await s.browser.newPage({ type: 'window' });
  await page.goto(url);
  const tabId = await s.helper.evaluate(
    async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id,
    url,
  );
  if (tabId === undefined) throw new Error(`The extension sees no tab at ${url}.`);
  return { page, tabId };
}

/** Runs `fn` in the helper page, where IndexedDB and the extension APIs are the extension's. */
export function inExtension<T, A>(s: FirefoxSession, fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
  return s.helper.evaluate(fn as (arg: unknown) => Promise<T>, arg as unknown) as Promise<T>;
}

/** A Puppeteer ARIA selector: accessible name, and role when given. */
export const aria = (name: string, role?: string) =>
  `::-p-aria([name=${JSON.stringify(name)}]${role ? `[role=${JSON.stringify(role)}]` : ''})`;

type Scope = Page | Frame | ElementHandle;

/** Waits for an element. */
export async function find(scope: Scope, selector: string, timeout = 30_000): Promise<ElementHandle> {
  const h = await scope.waitForSelector(selector, { timeout });
  if (!h) throw new Error(`Nothing matches ${selector}`);
  return h as ElementHandle;
}

/** Clicks an element with real pointer input. */
export async function click(scope: Scope, selector: string): Promise<void> {
  await (await find(scope, selector)).click();
}

/** Clicks the enabled button whose text (or aria-label) is `name`, or matches it. */
export async function clickButton(scope: Page | Frame, name: string | RegExp): Promise<void> {
  const pattern = typeof name === 'string' ? { text: name } : { source: name.source };
  const h = await scope.waitForFunction(
    (p: { text?: string; source?: string }) =>
      [...document.querySelectorAll('button')].find((b) => {
        const label = b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '';
        return !b.disabled && (p.text !== undefined ? label === p.text : new RegExp(p.source!).test(label));
      }),
    { timeout: 30_000, polling: 100 },
    pattern,
  );
  await (h as ElementHandle<HTMLButtonElement>).click();
}

/** Replaces a field's text by typing it, as a person would; `selector` may name the field or its label. */
export async function fill(scope: Scope, selector: string, text: string): Promise<void> {
  const found = await find(scope, selector);
  const field = (await found.evaluateHandle((el) =>
    el instanceof HTMLLabelElement ? (el.control ?? el) : el,
  )) as ElementHandle<HTMLInputElement>;
  await field.click();
  await field.evaluate((el) => el.select());
  await field.press('Backspace');
  if (text) await field.type(text);
}

/** Waits until `read` (run in the page) returns a non-empty string, and returns it. */
export async function waitForText(page: Page | Frame, read: () => string | undefined, timeout = 60_000) {
  const h = await page.waitForFunction(read, { timeout, polling: 100 });
  return String(await h.jsonValue());
}
