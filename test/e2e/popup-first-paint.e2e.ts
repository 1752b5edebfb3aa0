import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_DIRS } from '../../node/automation/build-extension';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;

/** What the popup showed when the page to capture first appeared in it. */
interface FirstPage {
  title: string;
  form: boolean;
  busy: string | null;
}

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  // In every popup: note the moment the page's title first shows, and whether the form was there.
  await b.context.addInitScript(() => {
    if (location.pathname !== '/popup.html') return;
    const w = window as unknown as { firstPage?: FirstPage; formAsks?: { at: number; by: string }[] };
    // Each time the worker is asked for the form's data: when, and from which script.
    const send = chrome.runtime.sendMessage.bind(chrome.runtime) as (...a: unknown[]) => unknown;
    chrome.runtime.sendMessage = ((...a: unknown[]) => {
      if (JSON.stringify(a[0] ?? '').includes('getPopupForm')) {
        w.formAsks ??= [];
        w.formAsks.push({
          at: performance.now(),
          by: /popup-early\.js/.test(new Error().stack ?? '') ? 'early' : 'module',
        });
      }
      return send(...a);
    }) as typeof chrome.runtime.sendMessage;
    new MutationObserver((_, observer) => {
      const title = document.querySelector('.popup .target strong')?.textContent ?? '';
      if (!title || title === '…') return;
      w.firstPage = {
        title,
        form: Boolean(document.querySelector('.popup form')),
        busy: document.querySelector('main.popup')?.getAttribute('aria-busy') ?? null,
      };
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
});

describe('the popup’s first paint', () => {
  it('shows the page to capture at once, with the form or before it, then the whole form, which captures', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const title = await tab.page.title();
    // First run: who is capturing.
    const first = await PopupPage.open(b, tab);
    await first.ensureIdentity('Dana Reyes', 'dana@example.test');
    await first.page.close();

    const popup = await PopupPage.open(b, tab);
    const p = popup.page;
    await p.locator('main.popup[data-ready]').waitFor();
    const seen = await p.evaluate(() => (window as unknown as { firstPage?: FirstPage }).firstPage);
    // Either the shell (busy, no form yet: the form's data came late) or the form itself.
    expect([
      { title, form: false, busy: 'true' },
      { title, form: true, busy: null },
    ]).toContainEqual(seen);
    const [shell, ready] = await p.evaluate(() =>
      ['popup:shell', 'popup:ready'].map((m) => performance.getEntriesByName(m, 'mark')[0]?.startTime),
    );
    expect(shell).toBeTypeOf('number');
    expect(ready).toBeTypeOf('number');
    // The shell painted first: the form came after it, at the earliest in the same frame
    // (drawn first, both mark its one paint).
    if (!seen?.form) expect(ready).toBeGreaterThanOrEqual(shell!);
    // The heading and page line are the form's own now, shown once.
    await expect(p.locator('.popup .target strong').innerText()).resolves.toBe(title);
    await expect(p.getByRole('link', { name: 'Evidence library' }).count()).resolves.toBe(1);
    await expect(p.locator('main.popup').getAttribute('aria-busy')).resolves.toBeNull();

    await popup.pickControls(['A.5.18']);
    await popup.setNote('after the first paint');
    const saved = await popup.capture();
    expect(saved.shortHash).toMatch(/^[0-9a-f]{12}$/);
    await expect(p.locator('.recent li').count()).resolves.toBe(1);
    await p.close();

    // Opened again: the capture is among the form's data (the worker's answer), and what loads
    // after the form is usable (its thumbnail, the requests to pick from) still comes.
    const again = await PopupPage.open(b, tab);
    await again.page.locator('main.popup[data-ready]').waitFor();
    await expect(again.page.locator('.recent li').count()).resolves.toBe(1);
    await again.page.locator('.recent img.thumb').waitFor();
    await again.page.locator('form[data-requests="loaded"]').waitFor();
    await again.page.close();
    await tab.page.close();
  });
});

/** The built popup's module graph: the chunks a chunk imports statically, itself included. */
function staticGraph(chunk: string): Map<string, string> {
  const dir = BUILD_DIRS.automation;
  const seen = new Map<string, string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    const code = readFileSync(join(dir, path), 'utf8');
    seen.set(path, code);
    for (const m of code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g))
      visit(join(path, '..', m[1]!));
  };
  visit(chunk);
  return seen;
}

describe('what the popup loads before its form is usable', () => {
  const html = readFileSync(join(BUILD_DIRS.automation, 'popup.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  const graph = staticGraph(entry!);
  const isDexie = (code: string) => code.includes('DatabaseClosedError');

  it('loads its classic early script (the asks) before any module, and it holds no database code', () => {
    // Deferred, before the module script: it runs first (document order), without holding up parsing.
    const early = html.indexOf('<script defer src="/popup-early.js"></script>');
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(html.indexOf('<script type="module"'));
    const code = readFileSync(join(BUILD_DIRS.automation, 'popup-early.js'), 'utf8');
    expect(code).toContain('getPopupForm');
    expect(isDexie(code)).toBe(false);
  });

  it('preloads only its own module graph, which holds the form and no database code', () => {
    const preloaded = [...html.matchAll(/rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]!);
    expect(preloaded.length).toBeGreaterThan(0);
    for (const p of preloaded) expect(graph.has(p), p).toBe(true);
    // The form is in the first module graph: no second round of fetches before it is drawn.
    expect([...graph.values()].some((c) => c.includes('popup:ready'))).toBe(true);
    expect([...graph.values()].some(isDexie)).toBe(false);
    // The database code is loaded later, for the popup's own reads and writes.
    expect([...graph.values()].some((c) => /import\(\s*["'`]\.\/popup-db-/.test(c))).toBe(true);
  });

  it('asks the worker for the form once, from the early script, and the modules take its answer', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.page.locator('main.popup[data-ready]').waitFor();
    const [asks, left] = await popup.page.evaluate(() => [
      (window as unknown as { formAsks?: { at: number; by: string }[] }).formAsks,
      (globalThis as unknown as { __prooftrailPopupAsks?: unknown }).__prooftrailPopupAsks,
    ]);
    // One ask, by the early script: a deferred classic script before the module script always runs
    // before it (deferred scripts and modules run in document order).
    expect(asks).toEqual([{ at: expect.any(Number), by: 'early' }]);
    expect(left).toBeNull(); // the modules took the asks (or made them): nothing is asked twice
    await popup.page.close();
    await tab.page.close();
  });
});
