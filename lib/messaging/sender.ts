/** What the browser says about a message's sender (the fields ProofTrail reads). */
export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
  /** Chromium 106+: the sending document, which changes on every navigation. */
  documentId?: string;
}

/** A sender, as far as the browser vouches for it. */
export type Caller =
  | {
      kind: 'extension-page';
      /** Set when the page is shown in a tab (the popup opened as a window, the library). */
      tabId?: number;
    }
  | {
      /**
       * `panel-frame.html` shown in a tab: the panel's UI when the worker placed it there, or a
       * copy a web page framed itself; which one is told by the token (`lib/messaging/server.ts`).
       */
      kind: 'panel-frame';
      tabId: number;
      frameId: number;
      /** The tab's address as the browser reports it (the page the panel is over). */
      pageUrl?: string;
    }
  | {
      kind: 'content-script';
      tabId: number;
      frameId: number;
      documentId?: string;
      /** The address of the frame the script runs in (set by the browser, not the page). */
      url: string;
    };

/**
 * Extension pages that talk to the worker while shown in a tab. Any other extension page in a tab
 * (verify.html, which a web page may frame) is not trusted with requests, except the panel frame,
 * which is a caller of its own kind and must also hold its tab's token.
 */
export const MESSAGING_PAGES = ['/popup.html', '/library.html', '/options.html'] as const;

/** The panel's UI page, framed in a tab by the panel's page script (web-accessible for that). */
export const PANEL_FRAME_PAGE = '/panel-frame.html' as const;

/**
 * The extension itself: its id and the base address of its pages (`runtime.getURL('/')`). The
 * browser reports an extension page's sender address at this base even when the page was loaded
 * at Chromium's per-session address (`use_dynamic_url`).
 */
export interface Self {
  id: string;
  base: string;
}

/**
 * Classifies a sender from the fields the browser sets (never from the message): an extension
 * page when its address is under the extension's own base and it has no tab or is one of
 * `MESSAGING_PAGES`; the panel frame when it is `PANEL_FRAME_PAGE` in a tab; a content script when
 * it runs in a tab at any other address; otherwise nothing.
 */
export function identifySender(sender: MessageSender, self: Self): Caller | undefined {
  if (sender.id !== self.id || !sender.url) return undefined;
  const tabId = sender.tab?.id;
  if (!sender.url.startsWith(self.base)) {
    if (tabId === undefined || tabId < 0) return undefined;
    return {
      kind: 'content-script',
      tabId,
      frameId: sender.frameId ?? 0,
      documentId: sender.documentId,
      url: sender.url,
    };
  }
  if (!sender.tab) return { kind: 'extension-page' };
  const path = `/${sender.url.slice(self.base.length).split(/[?#]/)[0]}`;
  if (path === PANEL_FRAME_PAGE) {
    if (tabId === undefined || tabId < 0) return undefined;
    return { kind: 'panel-frame', tabId, frameId: sender.frameId ?? 0, pageUrl: sender.tab?.url };
  }
  if (!(MESSAGING_PAGES as readonly string[]).includes(path)) return undefined;
  return { kind: 'extension-page', tabId };
}
