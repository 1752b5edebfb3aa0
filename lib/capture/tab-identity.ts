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
  /**
   * Takes one screenshot of the window, between two checks of the tab. `document`: the marker the
   * page reported beside this frame; with it (and a browser-only read), the check beside the frame
   * does not read the page again.
   */
  shoot(document?: Promise<string>): Promise<string>;
  /** Checks the tab now (for steps that draw the page without a screenshot). */
  check(): Promise<TabState>;
  /** The tab as read right after the first frame: its address and title go with the image. */
  atFirstFrame(): TabState;
}

/**
 * Watches the tab first identified while `screenshot` captures its window. `read` reads the tab
 * and its document's marker; `browserOnly`, when given, what the browser alone says of the tab
 * (no marker), used beside a frame whose marker the page reported itself.
 */
export function watchTab(
  read: () => Promise<TabState>,
  first: TabState,
  screenshot: () => Promise<string>,
  browserOnly?: () => Promise<Omit<TabState, 'document'>>,
): TabWatch {
  let atFirstFrame: TabState | undefined;
  const check = () => checkTab(read, first);
  const checkWith = (document: Promise<string>) =>
    checkTab(async () => {
      const [tab, marker] = await Promise.all([browserOnly!(), document.catch(() => undefined)]);
      // The page did not say (its answer failed): read it as usual.
      return marker === undefined ? read() : { ...tab, document: marker };
    }, first);
  return {
    check,
    shoot: async (document) => {
      // The check before the frame runs beside it, so it costs the frame nothing; the one after
      // starts once the frame is taken (not waiting for the one before, whose marker may come
      // with the page's inspection); the frame is kept only when both pass.
      const before = document && browserOnly ? checkWith(document) : check();
      const shot = screenshot();
      const after = shot.then(() => check());
      const [was, taken, now] = await Promise.allSettled([before, shot, after]);
      if (was.status === 'rejected') throw was.reason;
      if (taken.status === 'rejected') throw taken.reason;
      if (now.status === 'rejected') throw now.reason;
      atFirstFrame ??= now.value;
      return taken.value;
    },
    atFirstFrame: () => atFirstFrame ?? first,
  };
}
