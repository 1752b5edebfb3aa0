import type { ProofTrailDb } from '../db/database';
import type { CaptureMetadataV2 } from '../formats/capture-metadata';
import { type PreparedLedger, prepareLedger } from '../ledger/commit';
import type { DocRect } from '../page-agent/types';
import { type Acquiring, acquirePage, connectAgent, type Taken } from './acquire-page';
import type { AgentCall } from './agent';
import { bannerLines } from './banner';
import type { BrowserInfo } from './browser-info';
import { CaptureError } from './capture-error';
import { type CheckedRequest, checkRequest } from './check-request';
import { type CaptureTime, describeTime } from './clock';
import { commitCapture } from './commit-capture';
import type { compose } from './compose';
import { describeCapture } from './describe-capture';
import type { DecodeFrame } from './early-decode';
import { identifyTab } from './identify-tab';
import { maskImage } from './mask-image';
import type { CaptureScheduler } from './rate-limit';
import { serverDateWithin } from './read-server-date';
import { sealRecord } from './seal-record';
import { type StepTimings, timedCall } from './step-timings';
import type { TabState } from './tab-identity';

export { MAX_NOTE_LENGTH } from './check-request';
export { CaptureError };

/** What the popup, panel or CLI asks for. */
export interface CaptureRequest {
  tabId: number;
  controlIds: string[];
  note: string;
  /** Default `visible`. */
  mode?: 'visible' | 'full-page' | 'element' | 'region';
  /** CSS selector of the element, for `element` mode. */
  selector?: string;
  /** The area to capture in `region` mode, in document CSS px (inside the visible area). */
  region?: DocRect;
  /** Extra selectors to black out for this capture, on top of the settings' rules. */
  redactSelectors?: string[];
  /** Boxes the capturer drew to black out, in document CSS px. */
  manualRedactions?: DocRect[];
  /** When the activity shown happened (YYYY-MM-DD), if not on the capture's day. */
  effectiveDate?: string;
  /** The auditor's request the capture fulfils, one of its samples or its population (lib/requests/fulfil-capture.ts). */
  request?: string;
  sample?: string;
  population?: boolean;
}

/** Browser facilities a capture needs, passed in so the logic is testable without a browser. */
export interface CaptureDeps {
  db: ProofTrailDb;
  schedule: CaptureScheduler;
  /** The tab as the browser reports it now, with a marker of the document it shows; read before and after every frame. */
  getTab(tabId: number): Promise<TabState>;
  /**
   * The tab as the browser alone reports it (no document marker, the page not read): beside a
   * frame whose marker the page reported itself (agentView), this and that marker make the check.
   */
  getTabFromBrowser?(tabId: number): Promise<Omit<TabState, 'document'>>;
  captureVisibleTab(windowId: number): Promise<string>;
  /**
   * Returns a caller for the capture agent in the tab: asks at once whether it is there (a message
   * reaches only an agent already injected), and injects it (once per document) only after
   * `identified` says the tab is one to capture.
   */
  connectAgent(tabId: number, identified: Promise<unknown>): Promise<AgentCall>;
  /** Injects the DOM renderer (html2canvas-pro) into the tab, only when a capture needs it. */
  loadRenderer(tabId: number): Promise<void>;
  /** A snapshot of the page: MHTML where the browser can make one. */
  pageSnapshot(
    tabId: number,
  ): Promise<{ blob: Blob; format: 'mhtml' | 'html'; mediaType: string } | undefined>;
  browserInfo(): Promise<BrowserInfo>;
  extensionVersion: string;
  /** Composes images; replaceable in tests where no canvas exists. */
  compose?: typeof compose;
  /** Starts decoding a screenshot that will be composed as soon as it is taken; without it, compose decodes. */
  decodeFrame?: DecodeFrame;
  now?: () => Date;
  /** Step-by-step timing, for the bench only (never stored). */
  timings?: StepTimings;
}

/**
 * Captures one tab at one moment: check the request, identify the tab, acquire (the tab checked
 * around every frame), mask, describe, seal, commit. Nothing is stored unless every step succeeds.
 */
export async function capturePage(req: CaptureRequest, given: CaptureDeps): Promise<CaptureMetadataV2> {
  const deps = timedDeps(given);
  const mark = (step: string) => deps.timings?.mark(step);
  // The agent is looked for beside the tab's identification and the request's check, and put into
  // the page only once the tab is identified.
  const identified = identifyTab(() => deps.getTab(req.tabId));
  const connected = connectAgent(req, deps, identified);
  connected.catch(() => undefined); // awaited below once the request is found complete
  const [checked, tab] = await inOrder(
    timedCall('check request', () => checkRequest(req, deps.db), deps.timings)(),
    identified,
  );
  mark('check request + identify tab');
  // What the ledger entry needs besides this capture's hashes is read while the screenshot is
  // taken (read earlier, its reads would queue before the request's own).
  const ledger = prepareLedger(deps.db);
  ledger.catch(() => undefined); // awaited by the commit, which reports its failure
  const browser = deps.browserInfo();
  browser.catch(() => undefined);
  const agent = await connected;
  mark('connect agent (rest)');
  const acquiring = await acquirePage(req, checked, tab, agent, deps);
  try {
    return await describeAndCommit(checked, acquiring, { browser, ledger }, deps);
  } finally {
    // The page is put back beside the commit; the capture ends once it is.
    await acquiring.restored;
    mark('wait for the page put back');
  }
}

/** Composes, describes, seals and commits what was acquired. */
async function describeAndCommit(
  checked: CheckedRequest,
  acquiring: Acquiring,
  ahead: { browser: Promise<BrowserInfo>; ledger: Promise<PreparedLedger> },
  deps: CaptureDeps,
): Promise<CaptureMetadataV2> {
  const mark = (step: string) => deps.timings?.mark(step);
  const time = describeTime(acquiring.capturedAt);
  // Composing runs beside the snapshot and its tab check.
  const [image, context] = await inOrder(
    maskImage(acquiring.acquired, bannerOf(checked, acquiring, time), deps.compose, mark),
    acquiring.context,
  );
  mark('wait for snapshot + tab check');
  const { restored: _, ...rest } = acquiring;
  const taken: Taken = { ...rest, ...context };
  const textBytes = new TextEncoder().encode(taken.text.text);
  const server = await serverDateWithin(taken.server);
  mark('wait for server clock');
  const unsealed = await describeCapture({
    checked,
    taken,
    time,
    server,
    image,
    textBytes,
    browser: await ahead.browser,
    extensionVersion: deps.extensionVersion,
  });
  mark('describe (hashes)');
  const record = await sealRecord(unsealed);
  mark('seal');
  await commitCapture(deps.db, record, image, textBytes, taken.snapshot, {
    now: deps.now,
    ledger: ahead.ledger,
    mark,
  });
  return record;
}

/** With timings asked for, the browser calls report how long each took. */
function timedDeps(deps: CaptureDeps): CaptureDeps {
  const t = deps.timings;
  if (!t) return deps;
  return {
    ...deps,
    getTab: timedCall('tab reads', deps.getTab, t),
    getTabFromBrowser:
      deps.getTabFromBrowser && timedCall('tab reads (browser only)', deps.getTabFromBrowser, t),
    captureVisibleTab: timedCall('captureVisibleTab', deps.captureVisibleTab, t),
    connectAgent: timedCall('connect agent', deps.connectAgent, t),
    pageSnapshot: timedCall('page snapshot', deps.pageSnapshot, t),
  };
}

/** The evidence strip's lines, when the settings ask for one. */
function bannerOf(checked: CheckedRequest, taken: Acquiring, time: CaptureTime): string[] | undefined {
  if (!checked.settings.banner) return undefined;
  const controlIds = checked.controls.map((c) => c.id);
  return bannerLines({ pageUrl: taken.url.url, ...time, capturer: checked.capturer, controlIds });
}

/** Runs both at once; when both fail, the first one's failure is the one reported. */
async function inOrder<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}
