import { CaptureError } from './capture-error';

/** What the browser says about a tab: enough to tell whether it still shows the same page. */
export interface TabState {
  windowId: number;
  url?: string;
  title?: string;
  /** Whether it is the visible tab of its window (the one captureVisibleTab captures). */
  active: boolean;
  /**
   * Marks the document the tab shows (its `performance.timeOrigin`): another document, even at
   * the same address (a reload), has another marker. Absent when the page could not be read.
   */
  document?: string;
}

/** Why the tab no longer shows the page first identified, or undefined when it still does. */
export function tabChange(first: TabState, now: TabState | undefined): string | undefined {
  if (!now) return 'the tab was closed';
  if (now.windowId !== first.windowId) return 'the tab moved to another window';
  if (!now.active) return 'another tab became the visible tab of its window';
  // The fragment is the page's own business (scroll spies rewrite it); the document stays the same.
  if (withoutFragment(now.url) !== withoutFragment(first.url)) return 'the page went to another address';
  if (now.document !== first.document) return 'the page was reloaded or replaced';
  return undefined;
}

/** The message a capture stops with when its tab changed under it. */
export function tabChangedMessage(reason: string): string {
  return `The tab changed during the capture (${reason}); nothing was stored.`;
}

/** Reads the tab again; throws the tab-changed message when it is not the page first identified. */
export async function checkTab(read: () => Promise<TabState>, first: TabState): Promise<TabState> {
  const now = await read().catch(() => undefined);
  const reason = tabChange(first, now);
  if (reason) throw new CaptureError(tabChangedMessage(reason));
  return now!;
}

function withoutFragment(url: string | undefined): string | undefined {
  return url?.split('#')[0];
}

/** Screenshots of one tab only: the tab is checked as each frame starts and right after it. */
export interface TabWatch {
  /** Takes one screenshot of the window, between two checks of the tab. */
  shoot(): Promise<string>;
  /** Checks the tab now (for steps that draw the page without a screenshot). */
  check(): Promise<TabState>;
  /** The tab as read right after the first frame: its address and title go with the image. */
  atFirstFrame(): TabState;
}

/** Watches the tab first identified while `screenshot` captures its window. */
export function watchTab(
  read: () => Promise<TabState>,
  first: TabState,
  screenshot: () => Promise<string>,
): TabWatch {
  let atFirstFrame: TabState | undefined;
  const check = () => checkTab(read, first);
  return {
    check,
    shoot: async () => {
      // The check before the frame runs beside it, so it costs the frame nothing; the frame is
      // kept only when both checks pass, and the one after starts once the frame is taken.
      const [before, shot] = await Promise.allSettled([check(), screenshot()]);
      if (before.status === 'rejected') throw before.reason;
      if (shot.status === 'rejected') throw shot.reason;
      const dataUrl = shot.value;
      const after = await check();
      atFirstFrame ??= after;
      return dataUrl;
    },
    atFirstFrame: () => atFirstFrame ?? first,
  };
}
