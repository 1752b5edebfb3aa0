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
import { readServerDate, type ServerDate } from './read-server-date';
import { snapshotWithheldReason } from './snapshot-policy';
import { type TabState, type TabWatch, tabChange, tabChangedMessage, watchTab } from './tab-identity';

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
 */
export async function acquirePage(
  req: CaptureRequest,
  checked: CheckedRequest,
  first: TabState,
  deps: CaptureDeps,
): Promise<Taken> {
  const agent = await deps.connectAgent(req.tabId).catch((e) => {
    throw toCaptureError(e);
  });
  deps.timings?.mark('connect agent');
  const read = () => deps.getTab(req.tabId);
  const early = earlyDecoder(checked, deps.decodeFrame);
  const tab = watchTab(
    read,
    first,
    early.wrap(() => deps.captureVisibleTab(first.windowId)),
  );
  const server = readServerDate(agent);
  try {
    const taken = await acquireAll(req, checked, agent, tab, deps);
    return { ...taken, acquired: early.attach(taken.acquired), server };
  } catch (e) {
    // A page that navigated stops answering: say that the tab changed, not that the agent is gone.
    const reason = tabChange(first, await read().catch(() => undefined));
    throw reason ? new CaptureError(tabChangedMessage(reason)) : toCaptureError(e);
  } finally {
    await agent('agentRestore', {}).catch(() => undefined);
    deps.timings?.mark('restore page');
  }
}

async function acquireAll(
  req: CaptureRequest,
  { mode, rules, settings }: CheckedRequest,
  agent: AgentCall,
  tab: TabWatch,
  deps: CaptureDeps,
): Promise<Omit<Taken, 'server'>> {
  const ctx: AcquireContext = {
    agent,
    schedule: deps.schedule,
    captureVisibleTab: tab.shoot,
    checkTab: async () => void (await tab.check()),
    rules,
    settleMs: settings.settleMs,
    maxHeight: settings.maxPageHeight,
    loadRenderer: () => deps.loadRenderer(req.tabId),
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
  // The snapshot comes after the screenshot (made alongside, it slowed the screenshot down); it
  // cannot be redacted, so with anything hidden none is made.
  const withheld = snapshotWithheldReason({
    maskedAreas: acquired.areas.length,
    urlRedactions: url.redacted,
    titleMasked: title.masked,
    matchedAnywhere: text.matchedAnywhere,
  });
  const snapshot = withheld ? undefined : await deps.pageSnapshot(req.tabId).catch(() => undefined);
  if (snapshot) await tab.check(); // a snapshot of another document must not be stored
  deps.timings?.mark('snapshot + tab check');
  const snapshotOmitted = withheld ?? (snapshot ? undefined : 'This browser could not make a page snapshot.');
  return { acquired, capturedAt, url, title, text, snapshot, snapshotOmitted };
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
