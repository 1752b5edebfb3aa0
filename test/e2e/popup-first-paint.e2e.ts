import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { launch, startFixtureSite } from './support';

let site: StaticServer;
let b: LaunchedBrowser;

/** What the popup showed when the page to capture first appeared in it. */
interface FirstPage {
  title: string;
  form: boolean;
  busy: string | null;
}

beforeAll(async () => {
  site = await startFixtureSite();
  b = await launch();
  // In every popup: note the moment the page's title first shows, and whether the form was there.
  await b.context.addInitScript(() => {
    if (location.pathname !== '/popup.html') return;
    const w = window as unknown as { firstPage?: FirstPage };
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
afterAll(async () => {
  await b?.close();
  await site?.close();
});

describe('the popup’s first paint', () => {
  it('shows the page to capture before its form has loaded, then the whole form, which captures', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const title = await tab.page.title();
    // First run: who is capturing (the form loads after the first paint there too).
    const first = await PopupPage.open(b, tab);
    await first.ensureIdentity('Dana Reyes', 'dana@example.test');
    await first.page.close();

    const popup = await PopupPage.open(b, tab);
    const p = popup.page;
    await p.locator('main.popup[data-ready]').waitFor();
    const seen = await p.evaluate(() => (window as unknown as { firstPage?: FirstPage }).firstPage);
    expect(seen).toEqual({ title, form: false, busy: 'true' });
    const [shell, ready] = await p.evaluate(() =>
      ['popup:shell', 'popup:ready'].map((m) => performance.getEntriesByName(m, 'mark')[0]?.startTime),
    );
    expect(shell).toBeTypeOf('number');
    expect(ready).toBeGreaterThan(shell!);
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
    await tab.page.close();
  });
});
