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
      kind: 'content-script';
      tabId: number;
      frameId: number;
      documentId?: string;
      /** The address of the frame the script runs in (set by the browser, not the page). */
      url: string;
    };

/**
 * Extension pages that talk to the worker while shown in a tab. Any other extension page in a tab
 * (verify.html, which a web page may frame) is not trusted with requests.
 */
export const MESSAGING_PAGES = ['/popup.html', '/library.html', '/options.html'] as const;

/** The extension itself: its id and the base address of its pages (`runtime.getURL('/')`). */
export interface Self {
  id: string;
  base: string;
}

/**
 * Classifies a sender from the fields the browser sets (never from the message): an extension
 * page when its address is under the extension's own base and it has no tab or is one of
 * `MESSAGING_PAGES`; a content script when it runs in a tab at any other address; otherwise nothing.
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
  if (!(MESSAGING_PAGES as readonly string[]).includes(path)) return undefined;
  return { kind: 'extension-page', tabId };
}
