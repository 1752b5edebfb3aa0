import { browser } from 'wxt/browser';
import type { AgentCall } from '../../lib/capture/agent';
import { type BrowserInfo, readBrowserInfo } from '../../lib/capture/browser-info';
import { CaptureError, type CaptureRequest, capturePage } from '../../lib/capture/capture-page';
import { decodeFrame } from '../../lib/capture/compose';
import { createCaptureScheduler } from '../../lib/capture/rate-limit';
import { restrictionReason } from '../../lib/capture/restricted';
import { BENCH_TIMINGS_KEY, recordSteps } from '../../lib/capture/step-timings';
import type { TabState } from '../../lib/capture/tab-identity';
import { makeThumbnail } from '../../lib/capture/thumbnail';
import { getImage, saveThumbnail } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { sendToAgent } from '../../lib/messaging/agent';
import type { Result } from '../../lib/messaging/protocol';
import type { ScrollChoice } from '../../lib/page-agent/main-scroller';
import { fulfilAround } from '../../lib/requests/fulfil-capture';
import { RequestError } from '../../lib/requests/requests-repo';
import { snapshotPage } from './page-snapshot';
import { drainTimestamps } from './timestamp-service';

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

/**
 * Talks to the capture agent in the tab's top frame by message; injects it there (once per
 * document) when nobody answers, only once `identified` (the tab checked as one to capture).
 */
async function connectAgent(
  tabId: number,
  identified: Promise<unknown> = Promise.resolve(),
): Promise<AgentCall> {
  const target = { tabId, frameId: 0 };
  const call = (async (type, data) => {
    const reply = await sendToAgent(type, data, target).catch((e: unknown) => {
      console.warn(`capture agent: ${type} got no answer`, e);
      return undefined;
    });
    if (!reply)
      throw new CaptureError('The page did not answer the capture agent (was it navigating?). Try again.');
    if (!reply.ok) throw new CaptureError(reply.error);
    return reply.value;
  }) as AgentCall;
  // A message is cheaper than a script injection: ask first, inject only when nobody answers.
  const alive = await sendToAgent('agentPing', {}, target)
    .then((r) => r?.ok === true)
    .catch(() => false);
  if (!alive) {
    await identified;
    await browser.scripting.executeScript({ target: { tabId }, files: ['/capture-agent.js'] });
  }
  return call;
}

/** The tab as the browser reports it, with the time origin of the document it shows. */
async function readTab(tabId: number): Promise<TabState> {
  const [tab, document] = await Promise.all([readTabFromBrowser(tabId), readDocumentMarker(tabId)]);
  return { ...tab, document };
}

/** The tab as the browser alone reports it: no document marker, the page not read. */
async function readTabFromBrowser(tabId: number): Promise<Omit<TabState, 'document'>> {
  const tab = await browser.tabs.get(tabId);
  return {
    windowId: tab.windowId ?? browser.windows.WINDOW_ID_CURRENT,
    url: tab.url,
    title: tab.title,
    active: !!tab.active,
  };
}

/** A new document (a navigation, a reload) has a new time origin; undefined when the page cannot be read. */
async function readDocumentMarker(tabId: number): Promise<string | undefined> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      // Not waiting for the page to be idle: a page that is loading anew is already another document.
      injectImmediately: true,
      func: () => String(performance.timeOrigin),
    });
    return typeof result?.result === 'string' ? result.result : undefined;
  } catch {
    return undefined;
  }
}

/** Only the automation build times its captures, for the bench (`npm run bench`). */
const BENCH_TIMINGS = import.meta.env.MODE === 'automation';

/** Wires the capture logic to the browser's APIs. */
export async function handleCaptureTab(req: CaptureRequest): Promise<Result<CaptureMetadata>> {
  const db = getDb();
  const timings = BENCH_TIMINGS ? recordSteps() : undefined;
  try {
    // A request asked for is checked first; its link is written once the capture is committed.
    const record = await fulfilAround(db, req, () =>
      capturePage(req, {
        db,
        schedule,
        getTab: readTab,
        getTabFromBrowser: readTabFromBrowser,
        captureVisibleTab: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }),
        connectAgent,
        loadRenderer: async (tabId) => {
          await browser.scripting.executeScript({ target: { tabId }, files: ['/element-renderer.js'] });
        },
        pageSnapshot: snapshotPage,
        decodeFrame,
        browserInfo: cachedBrowserInfo,
        extensionVersion: browser.runtime.getManifest().version,
        timings,
      }),
    );
    // After the reply has gone (a task later): the preview and the timestamp requests are not
    // part of the capture, and the work they start would compete with the reply on its way.
    setTimeout(() => {
      if (timings) void browser.storage.session.set({ [BENCH_TIMINGS_KEY]: timings.report() });
      void addThumbnail(record.id);
      void drainTimestamps().catch(() => undefined);
    });
    return { ok: true, value: record };
  } catch (e) {
    if (e instanceof CaptureError || e instanceof RequestError) return { ok: false, error: e.message };
    console.error('capture failed', e);
    return {
      ok: false,
      error: `Capture failed, nothing was stored: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/**
 * What full page would scroll in a tab, asked by the popup before capturing so the user sees
 * which pane it is (and can pick Element instead). Reads the page; changes nothing.
 */
export async function handleDescribeFullPage({ tabId }: { tabId: number }): Promise<Result<ScrollChoice>> {
  try {
    const tab = await browser.tabs.get(tabId);
    const restricted = tab.url ? restrictionReason(tab.url) : undefined;
    if (restricted) return { ok: false, error: restricted };
    const agent = await connectAgent(tabId);
    return { ok: true, value: await agent('agentFindScroller', {}) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
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
