import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { probeServerClock } from '../../lib/capture/server-clock';
import type { AgentEnvelope, AgentProtocolMap } from '../../lib/messaging/agent-protocol';
import { findElement, locate } from '../../lib/page-agent/locate';
import { measurePage, settle } from '../../lib/page-agent/metrics';
import {
  beginCapture,
  hideFixedElements,
  rememberContainer,
  restorePage,
} from '../../lib/page-agent/page-state';
import { findRedactionAreas, redactedPageText } from '../../lib/page-agent/redaction';

// agentRenderElement is answered by the element renderer, injected only when needed.
type Handlers = {
  [K in Exclude<keyof AgentProtocolMap, 'agentRenderElement'>]: (
    data: Parameters<AgentProtocolMap[K]>[0],
  ) => unknown;
};

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
  agentHideFixed: () => ({ hidden: hideFixedElements() }),
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
  agentScrollContainer: async ({ selector, top, settleMs }) => {
    const el = findElement(selector);
    rememberContainer(el);
    el.scrollTop = top;
    await settle(settleMs);
    const l = locate(el);
    return { top: el.scrollTop, contentRect: l.contentRect };
  },
  agentRedactions: (rules) => findRedactionAreas(rules),
  agentPageText: (rules) => redactedPageText(rules),
  agentServerDate: ({ timeoutMs }) => probeServerClock(location.href, timeoutMs),
  agentRestore: () => {
    restorePage();
    return null;
  },
};

export default defineUnlistedScript(() => {
  const flag = globalThis as { __prooftrailAgent?: boolean };
  if (flag.__prooftrailAgent) return;
  flag.__prooftrailAgent = true;
  browser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as Partial<AgentEnvelope>;
    if (typeof m?.prooftrailAgent !== 'string' || !(m.prooftrailAgent in handlers)) return undefined;
    const handler = handlers[m.prooftrailAgent as keyof Handlers] as (data: unknown) => unknown;
    return Promise.resolve()
      .then(() => handler(m.data))
      .then(
        (value) => ({ ok: true, value }),
        (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
  });
});
