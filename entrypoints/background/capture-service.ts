import { browser } from 'wxt/browser';
import { type BrowserInfo, readBrowserInfo } from '../../lib/capture/browser-info';
import { CaptureError, type CaptureRequest, captureVisible } from '../../lib/capture/capture-visible';
import { type PageInfo, readPageInfoInPage } from '../../lib/capture/page-info';
import { createCaptureScheduler } from '../../lib/capture/rate-limit';
import { makeThumbnail } from '../../lib/capture/thumbnail';
import { getImage, saveThumbnail } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { Result } from '../../lib/messaging/protocol';

const schedule = createCaptureScheduler();

type FirefoxRuntime = { getBrowserInfo?: () => Promise<{ name: string; version: string }> };

let browserInfo: Promise<BrowserInfo> | undefined;
/** The browser does not change under a running worker: ask once per worker life. */
function cachedBrowserInfo(): Promise<BrowserInfo> {
  const getInfo = (browser.runtime as FirefoxRuntime).getBrowserInfo;
  browserInfo ??= readBrowserInfo(navigator as never, getInfo ? () => getInfo() : undefined);
  browserInfo.catch(() => {
    browserInfo = undefined;
  });
  return browserInfo;
}

/** Wires the capture logic to the browser's APIs. */
export async function handleCaptureTab(req: CaptureRequest): Promise<Result<CaptureMetadata>> {
  const db = getDb();
  try {
    const record = await captureVisible(req, {
      db,
      schedule,
      getTab: async (tabId) => {
        const tab = await browser.tabs.get(tabId);
        return {
          windowId: tab.windowId ?? browser.windows.WINDOW_ID_CURRENT,
          url: tab.url,
          title: tab.title,
          active: !!tab.active,
        };
      },
      captureVisibleTab: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }),
      readPageInfo: async (tabId) => {
        const [result] = await browser.scripting.executeScript({
          target: { tabId },
          func: readPageInfoInPage,
        });
        return result?.result as PageInfo;
      },
      browserInfo: cachedBrowserInfo,
      extensionVersion: browser.runtime.getManifest().version,
    });
    void addThumbnail(record.id);
    return { ok: true, value: record };
  } catch (e) {
    if (e instanceof CaptureError) return { ok: false, error: e.message };
    console.error('capture failed', e);
    return {
      ok: false,
      error: `Capture failed, nothing was stored: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Previews are made after the commit so they never slow a capture down. */
async function addThumbnail(captureId: string): Promise<void> {
  const db = getDb();
  try {
    const image = await getImage(db, captureId);
    if (image) await saveThumbnail(db, captureId, await makeThumbnail(image));
  } catch (e) {
    console.warn('thumbnail failed; the full image will be shown instead', e);
  }
}
