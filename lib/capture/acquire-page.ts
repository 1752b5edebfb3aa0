import { notInspectedNotices, textScopeFor } from '../page-agent/capture-scope';
import type { PageText } from '../page-agent/types';
import { maskTitle } from '../redaction/mask-title';
import { redactSecretUrl } from '../redaction/secret-url';
import type { AcquireContext, Acquired } from './acquire';
import { acquireElement } from './acquire-element';
import { acquireFullPage } from './acquire-full-page';
import { acquireRegion, acquireVisible } from './acquire-visible';
import type { AgentCall } from './agent';
import { CaptureError, toCaptureError } from './capture-error';
import type { CaptureDeps, CaptureRequest } from './capture-page';
import type { CheckedRequest } from './check-request';
import { earlyDecoder } from './early-decode';
import { earlySnapshot } from './early-snapshot';
import { readServerDate, type ServerDate } from './read-server-date';
import { snapshotWithheldReason } from './snapshot-policy';
import { timedCall } from './step-timings';
import { type TabState, type TabWatch, tabChange, tabChangedMessage, watchTab } from './tab-identity';

/** Modes that neither scroll nor hide anything on the page: one message to the page serves them. */
const stillModes = new Set<CheckedRequest['mode']>(['visible', 'region']);
/** How long the page's server gets to tell its clock. */
const SERVER_CLOCK_MS = 1500;

/** The page snapshot kept with a capture, or why none was made. */
export type PageContext = Pick<Taken, 'snapshot' | 'snapshotOmitted'>;

/**
 * What acquirePage hands on once the frames are taken: the snapshot (with the tab check after it)
 * and the page's restore still run, beside composing and describing the image.
 */
export type Acquiring = Omit<Taken, keyof PageContext> & {
  /** The snapshot checked against the tab; rejects when the tab changed. */
  context: Promise<PageContext>;
  /**
   * The page put back (started once the snapshot is made): nothing stored depends on it, so the
   * commit does not wait for it; the capture does, before it returns or fails. Never rejects.
   */
  restored: Promise<void>;
};

/** Everything read from the page for one capture, all of the same tab and document. */
export interface Taken {
  acquired: Acquired;
  capturedAt: Date;
  /** The address as read with the first frame, secret parameters redacted. */
  url: ReturnType<typeof redactSecretUrl>;
  title: ReturnType<typeof maskTitle>;
  text: PageText;
  snapshot?: Awaited<ReturnType<CaptureDeps['pageSnapshot']>>;
  snapshotOmitted?: string;
  server: Promise<ServerDate>;
}

/**
 * Acquires the image, the page text and (when nothing is hidden) the snapshot, checking before and
 * after each frame that the tab still shows the page identified; puts the page back afterwards.
 * Returns once the frames and the text are in; the snapshot and the restore go on beside what
 * follows (`context`).
 */
export async function acquirePage(
  req: CaptureRequest,
  checked: CheckedRequest,
  first: TabState,
  connected: AgentCall,
  deps: CaptureDeps,
): Promise<Acquiring> {
  const agent = timedAgent(connected, deps);
  const read = () => deps.getTab(req.tabId);
  const early = earlyDecoder(checked, deps.decodeFrame);
  const snapshotting = earlySnapshot(checked, first, () => deps.pageSnapshot(req.tabId));
  const browserOnly = deps.getTabFromBrowser;
  const tab = watchTab(
    read,
    first,
    snapshotting.wrap(early.wrap(() => deps.captureVisibleTab(first.windowId))),
    browserOnly && (() => browserOnly(req.tabId)),
  );
  // A capture that does not scroll starts the server-clock probe with its one message to the page
  // and asks for the answer once the frames are in; the others ask for it at once.
  const still = stillModes.has(checked.mode);
  const serverClock = still ? { timeoutMs: SERVER_CLOCK_MS, token: crypto.randomUUID() } : undefined;
  const serverAtOnce = still ? undefined : readServerDate(agent, SERVER_CLOCK_MS);
  // Only a capture that scrolls or hides parts of the page has anything to put back.
  const restore = async () => {
    if (!still) await agent('agentRestore', {}).catch(() => undefined);
  };
  let taken: Awaited<ReturnType<typeof acquireAll>>;
  try {
    taken = await acquireAll(req, checked, agent, tab, deps, {
      inspected: snapshotting.inspected,
      serverClock,
    });
  } catch (e) {
    await restore();
    // A page that navigated stops answering: say that the tab changed, not that the agent is gone.
    const reason = tabChange(first, await read().catch(() => undefined));
    throw reason ? new CaptureError(tabChangedMessage(reason)) : toCaptureError(e);
  }
  const server = serverAtOnce ?? readServerDate(agent, SERVER_CLOCK_MS, serverClock?.token);
  const { withheld, ...rest } = taken;
  const snapshot = () => snapshotting.started() ?? deps.pageSnapshot(req.tabId);
  const { context, restored } = pageContextOf(snapshot, withheld, tab, restore, deps);
  context.catch(() => undefined); // awaited by the caller, which reports its failure
  return { ...rest, acquired: early.attach(rest.acquired), server, context, restored };
}

/**
 * The snapshot comes after the screenshot (made alongside, it slowed the screenshot down) and is
 * checked against the tab; it cannot be redacted, so with anything hidden none is made. The page
 * is put back once the snapshot is made (beside that check), whether it succeeded or not; the
 * snapshot's answer does not wait for the page to be put back.
 */
function pageContextOf(
  pageSnapshot: () => ReturnType<CaptureDeps['pageSnapshot']>,
  withheld: string | undefined,
  tab: TabWatch,
  restore: () => Promise<void>,
  deps: CaptureDeps,
): { context: Promise<PageContext>; restored: Promise<void> } {
  const t0 = performance.now();
  let restoring: Promise<void> | undefined;
  const putBack = () => {
    restoring ??= restore();
    return restoring;
  };
  const context = (async (): Promise<PageContext> => {
    try {
      const snapshot = withheld ? undefined : await pageSnapshot().catch(() => undefined);
      putBack();
      if (snapshot) await tab.check(); // a snapshot of another document must not be stored
      const snapshotOmitted =
        withheld ?? (snapshot ? undefined : 'This browser could not make a page snapshot.');
      return { snapshot, snapshotOmitted };
    } finally {
      putBack();
      deps.timings?.add('snapshot + tab check (beside compose)', performance.now() - t0);
    }
  })();
  const restored = context.then(putBack, putBack);
  return { context, restored };
}

async function acquireAll(
  req: CaptureRequest,
  { mode, rules, settings }: CheckedRequest,
  agent: AgentCall,
  tab: TabWatch,
  deps: CaptureDeps,
  ahead: Pick<AcquireContext, 'inspected' | 'serverClock'>,
): Promise<Omit<Taken, 'server' | keyof PageContext> & { withheld?: string }> {
  const ctx: AcquireContext = {
    agent,
    schedule: deps.schedule,
    captureVisibleTab: tab.shoot,
    checkTab: async () => void (await tab.check()),
    rules,
    settleMs: settings.settleMs,
    maxHeight: settings.maxPageHeight,
    loadRenderer: () => deps.loadRenderer(req.tabId),
    ...ahead,
  };
  // The text kept is that of what was captured. The visible area and a region are read with their
  // masks in one pass; other modes scroll the page and read it afterwards.
  const { text: textRead, ...frames } = await acquireMode(req, mode, ctx);
  deps.timings?.mark('frames (tab checks + screenshot + inspection)');
  const capturedAt = deps.now?.() ?? new Date();
  const scope = textScopeFor(mode, { selector: req.selector?.trim(), region: req.region });
  const text = textRead ?? (await agent('agentPageText', { ...rules, scope }));
  deps.timings?.mark('page text');
  const acquired = { ...frames, notices: [...frames.notices, ...notInspectedNotices(text.notInspected)] };
  const shown = tab.atFirstFrame();
  // Secret-looking parameters are redacted before the address is stored, drawn or signed.
  const url = redactSecretUrl(shown.url!, settings.urlSecretParams);
  const title = maskTitle(acquired.metrics.title || shown.title || '', rules.textPatterns);
  const withheld = snapshotWithheldReason({
    maskedAreas: acquired.areas.length,
    urlRedactions: url.redacted,
    titleMasked: title.masked,
    matchedAnywhere: text.matchedAnywhere,
  });
  return { acquired, capturedAt, url, title, text, withheld };
}

/** Connects the capture agent (injected once per document); its failure said as a capture error. */
export function connectAgent(
  req: CaptureRequest,
  deps: CaptureDeps,
  identified: Promise<unknown>,
): Promise<AgentCall> {
  return deps.connectAgent(req.tabId, identified).catch((e) => {
    throw toCaptureError(e);
  });
}

/** With timings asked for, each agent message's round trip is summed under its name. */
function timedAgent(agent: AgentCall, deps: CaptureDeps): AgentCall {
  const t = deps.timings;
  if (!t) return agent;
  return ((type, data) => timedCall(`agent ${type}`, agent, t)(type, data)) as AgentCall;
}

function acquireMode(
  req: CaptureRequest,
  mode: CheckedRequest['mode'],
  ctx: AcquireContext,
): Promise<Acquired> {
  if (mode === 'full-page') return acquireFullPage(ctx);
  if (mode === 'element') return acquireElement(ctx, req.selector!.trim());
  if (mode === 'region') return acquireRegion(ctx, req.region!);
  return acquireVisible(ctx);
}
