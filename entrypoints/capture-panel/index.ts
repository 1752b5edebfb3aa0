import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { type AgentHandlers, serveAgent } from '../../lib/messaging/agent';
import type { PanelScriptMessageType } from '../../lib/messaging/protocol';
import { createPageHost, type PageHost } from './page-host';
import { pickOnPage } from './pick-on-page';

/**
 * Marks this document's isolated world as served, so that injecting the script again (each time
 * the worker opens the panel) does not answer the worker twice. The page cannot see it: the
 * isolated world's globals are not the page's.
 */
const SERVED = '__prooftrailPanelScript';

/** The open panel of this document; only ever held here, never looked up in the page. */
let open: { ui: PageHost; closing: AbortController; picking?: AbortController } | undefined;
let stopServing: (() => void) | undefined;

/** Takes the panel off the page: the host, the frame, a pick in progress and their listeners. */
function removePanel(): void {
  open?.closing.abort();
  open?.ui.remove();
  open = undefined;
}

/** Closes the panel and stops answering the worker: nothing this script added is left. */
function close(): void {
  removePanel();
  stopServing?.();
  stopServing = undefined;
  delete (globalThis as Record<string, unknown>)[SERVED];
}

const whenOpen = <T>(act: (panel: NonNullable<typeof open>) => T): T => {
  if (!open) throw new Error('The panel is not open on this page.');
  return act(open);
};

/** The worker's requests; the panel frame's own requests reach here only through the worker. */
const handlers: Pick<AgentHandlers, PanelScriptMessageType> = {
  panelOpen: ({ token }) => {
    if (open?.ui.token === token) open.ui.attach();
    else {
      removePanel();
      const closing = new AbortController();
      open = { ui: createPageHost(token, closing.signal, removePanel), closing };
    }
    return null;
  },
  panelHide: () => whenOpen((p) => p.ui.hide()).then(() => null),
  panelShow: () => whenOpen((p) => p.ui.show()) ?? null,
  panelPick: ({ tool }) =>
    whenOpen((p) => {
      p.picking?.abort();
      const picking = new AbortController();
      p.picking = picking;
      p.closing.signal.addEventListener('abort', () => picking.abort(), { signal: picking.signal });
      return pickOnPage(p.ui, tool, picking.signal);
    }),
  panelShowBlackouts: ({ boxes }) => whenOpen((p) => p.ui.setBlackouts(boxes)) ?? null,
  panelResize: ({ height }) => whenOpen((p) => p.ui.setFrameHeight(height)) ?? null,
  panelOutline: ({ selector }) => whenOpen((p) => p.ui.setOutline(selector)) ?? null,
  panelClose: () => {
    close();
    return null;
  },
};

/**
 * The panel's page script, injected by the worker only (toolbar popup, shortcut or context menu):
 * it places the panel's frame in the page and runs what must happen on the page itself (picking
 * an element, dragging a rectangle, showing black-outs, hiding the panel during a capture).
 */
export default defineUnlistedScript(() => {
  const world = globalThis as Record<string, unknown>;
  if (world[SERVED]) return;
  world[SERVED] = true;
  stopServing = serveAgent(handlers, { id: browser.runtime.id, base: browser.runtime.getURL('/') });
});
