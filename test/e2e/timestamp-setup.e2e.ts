import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { startTestTsa, type TestTsa } from '../support/openssl-tsa';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let tsa: TestTsa;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  tsa = await startTestTsa();
});
afterAll(async () => {
  await tsa?.close();
});

async function popupOn(path: string): Promise<PopupPage> {
  const tab = await openTab(b);
  await tab.page.goto(site.origin + path);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  return popup;
}

describe('choosing a timestamp authority (first run) and the popup saying when captures are not stamped', () => {
  it('first run: the popup says captures are not timestamped and one click sets up the recommended TSA', async () => {
    const popup = await popupOn('/review.html');
    const notice = popup.page.getByRole('region', { name: 'Captures are not timestamped.' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('nothing proves when a capture was made');
    await popup.page.getByRole('button', { name: 'Use DigiCert timestamps' }).click();
    await notice.waitFor({ state: 'detached' });
    await popup.page.close();

    const settings = await b.context.newPage();
    await settings.goto(`chrome-extension://${b.extensionId}/options.html`);
    await expect(settings.getByLabel('TSA addresses (one per line)').inputValue()).resolves.toBe(
      'https://timestamp.digicert.com',
    );
    await expect(settings.getByRole('button', { name: 'Use DigiCert timestamps' }).count()).resolves.toBe(0);
    await settings.close();

    // No internet here: the request fails, and the popup says so plainly.
    const again = await popupOn('/change.html');
    await again.pickControls(['A.8.15']);
    await again.capture();
    await again.page.close();
    const later = await popupOn('/review.html');
    await later.page
      .getByText('Captures are not being timestamped right now.')
      .waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        await later.page.reload();
        await later.page
          .getByText('Captures are not being timestamped right now.')
          .waitFor({ timeout: 30_000 });
        return e;
      });
    await expect(later.page.locator('.stamp-notice').textContent()).resolves.toMatch(
      /the last try at timestamp\.digicert\.com failed/,
    );
    await later.page.close();
  });

  it('Settings: roots are checked with a clear message; with the TSA root trusted, stamps work and the notice goes', async () => {
    const settings = await b.context.newPage();
    await settings.goto(`chrome-extension://${b.extensionId}/options.html`);
    await settings.getByLabel('TSA addresses (one per line)').fill(tsa.url);
    await settings.getByLabel('More trusted TSA roots (PEM)').fill('my company root');
    await settings.getByRole('button', { name: 'Save timestamp authorities' }).click();
    await settings.getByText('Trusted TSA roots: No certificate found', { exact: false }).waitFor();
    await settings.getByLabel('More trusted TSA roots (PEM)').fill(tsa.caPem);
    await settings.getByRole('button', { name: 'Save timestamp authorities' }).click();
    await settings.getByText('1 TSA root certificate trusted besides the default set.').waitFor();
    await settings.close();

    const popup = await popupOn('/change.html');
    await popup.pickControls(['A.8.15']);
    await popup.capture();
    await popup.page.close();
    // Once the queue has drained (entries from before included), no notice is shown.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const p = await popupOn('/review.html');
      await p.page.getByRole('button', { name: /^Capture (visible area|full page|element)$/ }).waitFor();
      await p.page.waitForTimeout(300);
      const shown = await p.page.locator('.stamp-notice, .stamp-note').count();
      await p.page.close();
      if (shown === 0) break;
      if (Date.now() > deadline) throw new Error('the timestamp notice never went away');
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Both captures are stamped, the one made before this TSA was set too.
    const lib = await LibraryPage.open(b);
    await lib.page
      .getByText(/Ledger #\d · timestamped /)
      .nth(1)
      .waitFor({ timeout: 60_000 });
    await lib.page.close();
  });
});
