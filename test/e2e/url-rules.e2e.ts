import { describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

describe('URL → control rules', () => {
  it("refuses a bad pattern, then pre-selects the rule's controls in the popup", async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Pattern 1').fill('audit-log.html');
    await page.getByLabel('Controls 1').fill('A.8.15, Z.404');
    await page.getByRole('button', { name: 'Save page rules' }).click();
    await page.getByText('Rule 1: "audit-log.html" must start with').waitFor();
    await expect(page.getByText('Rule 1: unknown control "Z.404".').count()).resolves.toBe(1);
    await page.getByLabel('Pattern 1').fill('http://127.0.0.1:*/audit-log.html');
    await page.getByLabel('Controls 1').fill('A.8.15, CC7.2');
    await page.getByRole('button', { name: 'Save page rules' }).click();
    await page.getByText('Page rules saved.').waitFor();
    await page.close();

    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/audit-log.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    const chips = popup.page.getByRole('list', { name: 'Selected controls' });
    await chips.waitFor();
    await expect(chips.innerText()).resolves.toMatch(/A\.8\.15[\s\S]*CC7\.2/);
    await popup.page
      .getByText('Controls suggested for this page by rule: http://127.0.0.1:*/audit-log.html')
      .waitFor();
    const saved = await popup.capture();
    expect(saved.shortHash).toMatch(/^[0-9a-f]{12}$/);
  });
});
