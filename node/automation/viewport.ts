import type { Page } from 'playwright-core';

/**
 * Resizes the page's real browser window so its viewport is exactly `width`×`height` CSS px.
 * (Headless Chromium reserves room for browser UI inside --window-size, and captureVisibleTab
 * captures the real viewport, so emulation would not do.)
 */
export async function setViewportSize(page: Page, width: number, height: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { windowId, bounds } = await cdp.send('Browser.getWindowForTarget');
    const inner = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
    await cdp.send('Browser.setWindowBounds', {
      windowId,
      bounds: {
        width: (bounds.width ?? width) + width - inner.w,
        height: (bounds.height ?? height) + height - inner.h,
      },
    });
    await page.waitForFunction(([w, h]) => innerWidth === w && innerHeight === h, [width, height], {
      timeout: 5000,
    });
  } finally {
    await cdp.detach();
  }
}
