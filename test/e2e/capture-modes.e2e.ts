import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { inspectImage, latestRecord } from './stored';
import { startFixtureSite, withSiteAndBrowser } from './support';

let site: StaticServer;
let other: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  other = await startFixtureSite();
});
afterAll(async () => {
  await other?.close();
});

async function captureWith(path: string, setup: (p: PopupPage) => Promise<void>) {
  const tab = await openTab(b);
  await tab.page.goto(site.origin + path);
  await tab.page.waitForLoadState('load');
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.pickControls(['A.8.15']);
  await setup(popup);
  await popup.capture();
  await popup.page.close();
  return tab.page;
}

describe('full-page capture', () => {
  it('stitches a long page: sticky header once, height = scroll height × DPR, lazy content in, scroll restored', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/long.html`);
    await tab.page.evaluate(() => window.scrollTo(0, 1234));
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.8.15']);
    await popup.setMode('full-page');
    await popup.capture();
    const record = await latestRecord(b);
    const page = await tab.page.evaluate(() => ({
      h: document.documentElement.scrollHeight,
      dpr: devicePixelRatio,
      y: scrollY,
    }));
    expect(page.y).toBe(1234);
    expect(record).toMatchObject({ captureMode: 'full-page', method: 'scroll-stitch' });
    expect(record.frames).toBeGreaterThanOrEqual(10);
    const bannerHeight = record.banner?.height ?? 0;
    expect(page.h).toBe(60 + 19 * 400 + 400 + 1); // the lazy block loaded while scrolling
    expect(record.image.height).toBe(Math.round(page.h * page.dpr) + bannerHeight);
    const img = await inspectImage(b, record.id, { countRowsAtX: 5, rowColor: [255, 0, 255] });
    expect(img.height).toBe(record.image.height);
    expect(img.matchingRows).toBe(Math.round(60 * page.dpr)); // the sticky header, exactly once
    const cyan = await inspectImage(b, record.id, { countRowsAtX: 5, rowColor: [0, 255, 255] });
    expect(cyan.matchingRows).toBe(Math.round(400 * page.dpr));
  });
});

describe('element capture', () => {
  it('captures a table inside a scrolling container whole', async () => {
    await captureWith('/scroller.html', (p) => p.setMode('element', '#scroller'));
    const record = await latestRecord(b);
    expect(record).toMatchObject({
      captureMode: 'element',
      method: 'scroll-stitch',
      target: { selector: '#scroller' },
    });
    const content = 60 * 30; // 60 rows of 30 px
    expect(record.image.height - (record.banner?.height ?? 0)).toBeGreaterThanOrEqual(content - 2);
    const img = await inspectImage(b, record.id, { countRowsAtX: 3, rowColor: [0, 170, 0] });
    expect(img.matchingRows).toBeGreaterThanOrEqual(25); // the last row, present once
    expect(img.matchingRows).toBeLessThanOrEqual(31);
  });

  it('crops an element in view pixel-exactly', async () => {
    await captureWith('/colors.html', (p) => p.setMode('element', '#card'));
    const record = await latestRecord(b);
    expect(record).toMatchObject({ captureMode: 'element', method: 'crop' });
    expect(record.target?.rect.width).toBeGreaterThan(100);
    // The page server's clock is recorded beside the local one (HTTP Date has 1 s resolution).
    expect(Math.abs(record.serverClock!.skewMs)).toBeLessThan(3000);
    expect(record.image.width).toBe(Math.round(record.target!.rect.width * record.devicePixelRatio));
  });

  it('renders an element taller than the viewport from the DOM (oklch colours, cross-origin iframe)', async () => {
    const url = `/big.html?frame=${encodeURIComponent(`${other.origin}/change.html`)}`;
    await captureWith(url, (p) => p.setMode('element', '#report'));
    const record = await latestRecord(b);
    expect(record).toMatchObject({ captureMode: 'element', method: 'html2canvas', frames: 0 });
    expect(record.notices.join(' ')).toContain('html2canvas-pro');
    const expected = Math.round(record.target!.rect.height * record.devicePixelRatio);
    expect(Math.abs(record.image.height - (record.banner?.height ?? 0) - expected)).toBeLessThanOrEqual(2);
  });

  it('says which selector matched nothing, storing nothing', async () => {
    const before = (await latestRecord(b)).id;
    await expect(captureWith('/scroller.html', (p) => p.setMode('element', '#nope'))).rejects.toThrow(
      'No element on the page matches "#nope"',
    );
    expect((await latestRecord(b)).id).toBe(before);
  });
});

describe('modern pages', () => {
  it('captures a page with oklch() colours and a cross-origin iframe, visible and full page', async () => {
    const url = `/colors.html?frame=${encodeURIComponent(`${other.origin}/change.html`)}`;
    await captureWith(url, async () => undefined);
    expect((await latestRecord(b)).pageUrl).toContain('colors.html');
    await captureWith(url, (p) => p.setMode('full-page'));
    expect((await latestRecord(b)).captureMode).toBe('full-page');
  });
});
