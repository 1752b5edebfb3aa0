import html2canvas from 'html2canvas-pro';
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { AgentEnvelope } from '../../lib/messaging/agent-protocol';
import { findElement } from '../../lib/page-agent/locate';

/**
 * Renders an element larger than the viewport from the DOM with html2canvas-pro. Injected only
 * when such an element is captured: it is large, and most captures never need it.
 */
export default defineUnlistedScript(() => {
  const flag = globalThis as { __prooftrailRenderer?: boolean };
  if (flag.__prooftrailRenderer) return;
  flag.__prooftrailRenderer = true;
  browser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as Partial<AgentEnvelope<'agentRenderElement'>>;
    if (m?.prooftrailAgent !== 'agentRenderElement' || !m.data) return undefined;
    const { selector, scale } = m.data;
    return (async () => {
      try {
        const el = findElement(selector) as HTMLElement;
        const canvas = await html2canvas(el, {
          scale,
          useCORS: false,
          logging: false,
          backgroundColor: null,
          ignoreElements: (node) => node.hasAttribute?.('data-prooftrail-ui') ?? false,
        });
        return {
          ok: true,
          value: { dataUrl: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height },
        };
      } catch (e) {
        return {
          ok: false,
          error: `Could not render "${selector}" from the page: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
    })();
  });
});
