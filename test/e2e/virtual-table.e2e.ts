import { describe, expect, it } from 'vitest';
import { openTab, PopupPage, SettingsPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { inspectImage, latestRecord, storedPageText } from './stored';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

type Box = { x: number; y: number; width: number; height: number };

describe('full-page masking measures every frame', () => {
  it('masks every matching row of a virtualized table, rendered only near the viewport', async () => {
    const settings = await SettingsPage.open(b);
    await settings.saveRedactionRules({ patterns: 'sk_live_\\w+' });
    await settings.page.close();

    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/virtual-table.html`);
    const rendered = await tab.page.evaluate(() =>
      (window as unknown as { renderedRows(): number }).renderedRows(),
    );
    expect(rendered).toBeLessThan(200); // of 2,000 rows
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.8.15']);
    await popup.setMode('full-page');
    await popup.capture();
    const record = await latestRecord(b);
    expect(record).toMatchObject({ captureMode: 'full-page', method: 'scroll-stitch' });
    expect(record.image.height - (record.banner?.height ?? 0)).toBe(
      Math.round(20_000 * record.devicePixelRatio),
    );

    // Where each row's text is, measured by the test itself (the row rendered for a moment).
    const matching = Array.from({ length: 20 }, (_, k) => k * 100 + 50);
    const boxes = await tab.page.evaluate(
      (rows) =>
        rows.map((i) => (window as unknown as { rowBoxes(i: number): { key: Box; label: Box } }).rowBoxes(i)),
      [...matching, 1049],
    );
    const dpr = record.devicePixelRatio;
    const inImage = (r: Box) => ({
      x: Math.ceil(r.x * dpr) + 1,
      y: Math.ceil(r.y * dpr) + 1,
      width: Math.max(1, Math.floor(r.width * dpr) - 2),
      height: Math.max(1, Math.floor(r.height * dpr) - 2),
    });
    const keys = boxes.slice(0, matching.length).map((b) => inImage(b.key));
    // A row that matches nothing, in the middle of the page, stays readable: the masks are not everywhere.
    const control = inImage(boxes.at(-1)!.key);
    const img = await inspectImage(b, record.id, { solid: [...keys, control] });
    expect(img.solid.slice(0, keys.length)).toEqual(keys.map(() => true));
    expect(img.solid.at(-1)).toBe(false);
    expect(record.redactions.filter((r) => r.rule === 'text-pattern').length).toBeGreaterThanOrEqual(20);

    const text = (await storedPageText(b, record.id)) ?? '';
    expect(text).not.toMatch(/sk_live_/);
    expect(record.pageSnapshot).toBeUndefined();
  });
});
