import { describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { inspectImage, latestRecord } from './stored';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started), { deviceScaleFactor: 2 });

describe('a HiDPI screen (devicePixelRatio 2)', () => {
  it('stitches a full page at twice the CSS size, header once, and caps a page over the height limit', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/long.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.8.15']);
    await popup.setMode('full-page');
    await popup.capture();
    const record = await latestRecord(b);
    const h = await tab.page.evaluate(() => document.documentElement.scrollHeight);
    expect(record.devicePixelRatio).toBe(2);
    expect(record.image.height - (record.banner?.height ?? 0)).toBe(h * 2);
    const img = await inspectImage(b, record.id, { countRowsAtX: 10, rowColor: [255, 0, 255] });
    expect(img.matchingRows).toBe(120);

    // Lower the height limit: the capture is capped at it and says so.
    // In a window of its own, so the captured page stays the visible tab of its window.
    const settings = (await openTab(b)).page;
    await settings.goto(`chrome-extension://${b.extensionId}/options.html`);
    await settings.getByLabel('Full-page height limit (CSS px)').fill('2000');
    await settings.getByRole('button', { name: 'Save capture settings' }).click();
    await settings.getByText('Capture settings saved.').waitFor();
    await settings.close();
    await popup.capture();
    const capped = await latestRecord(b);
    expect(capped.image.height - (capped.banner?.height ?? 0)).toBe(4000);
    expect(capped.notices.join(' ')).toMatch(/only the top 2000 px were captured/);
  });
});
