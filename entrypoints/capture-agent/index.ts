import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { probeServerClock } from '../../lib/capture/server-clock';
import { serverClockProbes } from '../../lib/capture/server-clock-probes';
import { type AgentHandlers, serveAgent } from '../../lib/messaging/agent';
import type { PanelScriptMessageType } from '../../lib/messaging/protocol';
import { inspectView } from '../../lib/page-agent/inspect-view';
import { findElement, locate } from '../../lib/page-agent/locate';
import { findMainScroller } from '../../lib/page-agent/main-scroller';
import { measurePage, settle } from '../../lib/page-agent/metrics';
import {
  beginCapture,
  hideFixedElements,
  rememberContainer,
  restorePage,
} from '../../lib/page-agent/page-state';
import { redactedPageText } from '../../lib/page-agent/page-text';
import { findRedactionAreas } from '../../lib/page-agent/redaction';

const probes = serverClockProbes((timeoutMs) => probeServerClock(location.href, timeoutMs));

// agentRenderElement is answered by the element renderer, injected only when needed; the panel's
// messages by the panel's page script.
type Handlers = Omit<AgentHandlers, 'agentRenderElement' | PanelScriptMessageType>;

/** Page-side work for a capture; injected on demand (never on every page), answers the worker. */
const handlers: Handlers = {
  agentBegin: () => {
    beginCapture();
    return measurePage();
  },
  agentScrollTo: async ({ x, y, settleMs }) => {
    window.scrollTo(x, y);
    await settle(settleMs);
    return { scrollX: window.scrollX, scrollY: window.scrollY };
  },
  agentHideFixed: ({ keep }) => ({ hidden: hideFixedElements(keep ? findElement(keep) : undefined) }),
  agentFindScroller: () => findMainScroller(),
  agentPing: () => true,
  agentLocate: ({ selector }) => {
    const el = findElement(selector);
    const before = locate(el);
    const outOfView =
      before.rect.y < window.scrollY ||
      before.rect.y + Math.min(before.rect.height, innerHeight) > window.scrollY + innerHeight;
    if (outOfView) {
      beginCapture();
      window.scrollTo(window.scrollX, Math.max(0, before.rect.y - 8));
    }
    return { ...locate(el), scrolled: outOfView };
  },
  agentScrollContainer: async ({ selector, top, settleMs, settleAlways }) => {
    const el = findElement(selector);
    rememberContainer(el);
    const before = el.scrollTop;
    el.scrollTop = top;
    // Nothing moved, nothing to repaint: no wait, unless asked (to see whether content grows).
    if (settleAlways || el.scrollTop !== before) await settle(settleMs);
    const l = locate(el);
    return { top: el.scrollTop, contentRect: l.contentRect, scrollHeight: el.scrollHeight };
  },
  agentRedactions: (rules) => findRedactionAreas(rules),
  agentPageText: (request) => redactedPageText(request),
  agentInspectView: (request) => inspectView(request),
  agentView: ({ serverClock, ...request }) => {
    // The probe goes out first: its answer is the one thing here that waits on the network.
    if (serverClock) probes.start(serverClock.token, serverClock.timeoutMs);
    // Nothing scrolls in this capture, so nothing is remembered to put back (agentBegin's part).
    return {
      metrics: measurePage(),
      inspection: inspectView(request),
      document: String(performance.timeOrigin),
    };
  },
  agentServerDate: ({ timeoutMs, token }) => probes.answer(timeoutMs, token),
  agentRestore: () => {
    restorePage();
    return null;
  },
};

export default defineUnlistedScript(() => {
  const flag = globalThis as { __prooftrailAgent?: boolean };
  if (flag.__prooftrailAgent) return;
  flag.__prooftrailAgent = true;
  serveAgent(handlers, { id: browser.runtime.id, base: browser.runtime.getURL('/') });
});
