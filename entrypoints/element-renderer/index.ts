import html2canvas from 'html2canvas-pro';
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { serveAgent } from '../../lib/messaging/agent';
import { findElement } from '../../lib/page-agent/locate';
import { isOwnUi } from '../../lib/page-agent/own-ui';

/**
 * Renders an element larger than the viewport from the DOM with html2canvas-pro. Injected only
 * when such an element is captured: it is large, and most captures never need it.
 */
export default defineUnlistedScript(() => {
  const flag = globalThis as { __prooftrailRenderer?: boolean };
  if (flag.__prooftrailRenderer) return;
  flag.__prooftrailRenderer = true;
  serveAgent(
    {
      agentRenderElement: async ({ selector, scale }) => {
        try {
          const el = findElement(selector) as HTMLElement;
          const canvas = await html2canvas(el, {
            scale,
            useCORS: false,
            logging: false,
            backgroundColor: null,
            ignoreElements: (node) => isOwnUi(node),
          });
          return { dataUrl: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height };
        } catch (e) {
          throw new Error(
            `Could not render "${selector}" from the page: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      },
    },
    { id: browser.runtime.id, base: browser.runtime.getURL('/') },
  );
});
