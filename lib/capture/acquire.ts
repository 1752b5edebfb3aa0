import type { PageMetrics, PageText, RedactionArea, RedactionRules } from '../page-agent/types';
import type { AgentCall } from './agent';
import type { BrowserInfo } from './browser-info';
import type { ComposeSpec } from './compose';
import type { CaptureScheduler } from './rate-limit';

/** What every acquisition strategy can use. */
export interface AcquireContext {
  agent: AgentCall;
  schedule: CaptureScheduler;
  /**
   * Screenshots the tab's window, checking beside it that the tab still shows the page (and again
   * after). `document`: the marker the page itself reports beside the frame (agentView), so the
   * check beside the frame need not read the page again.
   */
  captureVisibleTab(document?: Promise<string>): Promise<string>;
  /** Throws when the tab no longer shows the page identified (for frames drawn without a screenshot). */
  checkTab(): Promise<void>;
  rules: RedactionRules;
  /** Lazy content gets this long to appear after each scroll. */
  settleMs: number;
  /** Tallest page captured whole, in CSS px. */
  maxHeight: number;
  /** Loads the DOM renderer into the page, for elements larger than the viewport. */
  loadRenderer(): Promise<void>;
  /** Starts the server-clock probe with the page's inspection (visible area, region): see agentView. */
  serverClock?: { timeoutMs: number; token: string };
  /** Told the visible area's inspection (masks and text) as soon as the page answers it. */
  inspected?(view: { areas: RedactionArea[]; text: PageText }): void;
}

/** Frames to compose, with the page facts the record needs. */
export interface Acquired {
  spec: Omit<ComposeSpec, 'banner'>;
  method: 'screenshot' | 'scroll-stitch' | 'crop' | 'html2canvas';
  frames: number;
  metrics: PageMetrics;
  areas: (RedactionArea & { imageX: number; imageY: number; imageWidth: number; imageHeight: number })[];
  target?: { selector?: string; rect: { x: number; y: number; width: number; height: number } };
  /** Full page: what was scrolled (`document`, a pane's selector, or `none`) and why. */
  scroller?: { element: string; reason: string };
  notices: string[];
  /** Set when the browser's screenshot can be stored as is (nothing to crop, mask or label). */
  rawDataUrl?: string;
  /** The page text, when the strategy read it in the same pass as the masks (it did not scroll). */
  text?: PageText;
}

export type { BrowserInfo };

/** Maps areas in document coordinates into an image whose top-left is at `origin` (CSS px), scaled. */
export function toImageAreas(
  areas: RedactionArea[],
  origin: { x: number; y: number },
  scale: number,
  size: { width: number; height: number },
): Acquired['areas'] {
  return areas
    .map((a) => {
      const x = Math.max(0, (a.x - origin.x) * scale);
      const y = Math.max(0, (a.y - origin.y) * scale);
      const right = Math.min(size.width, (a.x - origin.x + a.width) * scale);
      const bottom = Math.min(size.height, (a.y - origin.y + a.height) * scale);
      return { ...a, imageX: x, imageY: y, imageWidth: right - x, imageHeight: bottom - y };
    })
    .filter((a) => a.imageWidth > 0 && a.imageHeight > 0);
}

/** Areas measured more than once (the same box at several scroll positions) listed once. */
export function distinctAreas(areas: RedactionArea[]): RedactionArea[] {
  const seen = new Map<string, RedactionArea>();
  for (const a of areas) {
    const key = [a.rule, a.detail, a.x, a.y, a.width, a.height].map(String).join('|');
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}
