import { browser } from 'wxt/browser';
import { PANEL_FRAME_PAGE } from '../../lib/messaging/sender';
import { markOwnUi } from '../../lib/page-agent/own-ui';
import type { DocRect } from '../../lib/page-agent/types';
import hostCss from './page-host.css?inline';

/** The panel's presence in a page: one host element, its closed shadow root, the frame inside. */
export interface PageHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** The token the frame was given (in its address fragment). */
  token: string;
  /** Puts the host back at the end of the document when the page took it out, and focuses the panel. */
  attach(): void;
  setFrameHeight(height: number): void;
  /** Hides (or shows) the frame only, while the user picks on the page. */
  showFrame(shown: boolean): void;
  setBlackouts(boxes: DocRect[]): void;
  /** Outlines an element (the pane full page will scroll), following it as the page scrolls; none when undefined. */
  setOutline(selector: string | undefined): void;
  /** Hides everything; resolves once a frame without the panel has been painted. */
  hide(): Promise<void>;
  show(): void;
  remove(): void;
}

const nextFrames = () =>
  new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/**
 * Builds the host: a plain `div` (a page cannot define a custom element with that name, so its
 * constructor never runs our element) with a CLOSED shadow root (the page gets no `shadowRoot`),
 * holding the extension-origin frame (the page cannot read or click into it) and the black-out
 * boxes. `signal` removes the listeners with everything else when the panel closes.
 * `onNavigatedAway` runs when the frame loads a second document: ProofTrail never navigates it,
 * but a page can (`window.frames[i].location = …`) to show its own look-alike in the panel's place.
 */
export function createPageHost(token: string, signal: AbortSignal, onNavigatedAway: () => void): PageHost {
  const host = document.createElement('div');
  markOwnUi(host);
  const important = (name: string, value: string) => host.style.setProperty(name, value, 'important');
  for (const [name, value] of Object.entries(HOST_STYLE)) important(name, value);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = hostCss;
  const boxes = document.createElement('div');
  const frame = document.createElement('iframe');
  frame.className = 'panel-frame';
  frame.title = 'ProofTrail evidence panel';
  frame.src = `${browser.runtime.getURL(PANEL_FRAME_PAGE)}#${token}`;
  shadow.append(style, boxes, frame);

  let shown: DocRect[] = [];
  const drawBlackouts = () => {
    boxes.replaceChildren(
      ...shown.map((b) => {
        const el = document.createElement('div');
        el.className = 'blackout';
        el.style.cssText = `left:${b.x - scrollX}px;top:${b.y - scrollY}px;width:${b.width}px;height:${b.height}px`;
        return el;
      }),
    );
  };
  addEventListener('scroll', drawBlackouts, { passive: true, signal });

  const outline = document.createElement('div');
  outline.className = 'pane-outline';
  outline.hidden = true;
  boxes.after(outline);
  let outlined: Element | null = null;
  /** Listeners that follow the outlined pane: added while there is one, removed with it. */
  let following: AbortController | undefined;
  const drawOutline = () => {
    const r = outlined?.isConnected ? outlined.getBoundingClientRect() : undefined;
    outline.hidden = !r;
    if (r) outline.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
  };
  const follow = (on: boolean) => {
    following?.abort();
    following = undefined;
    if (!on || signal.aborted) return;
    following = new AbortController();
    const options = { passive: true, signal: AbortSignal.any([signal, following.signal]) };
    // Capture phase: a pane's own scroll does not bubble to the window.
    addEventListener('scroll', drawOutline, { ...options, capture: true });
    addEventListener('resize', drawOutline, options);
  };

  const attach = () => {
    if (!host.isConnected) document.documentElement.append(host);
    frame.focus();
  };
  let loads = 0;
  frame.addEventListener(
    'load',
    () => {
      // Like a dialog, the panel takes the keyboard when it opens (the frame then focuses its search).
      if (++loads === 1) frame.focus();
      else onNavigatedAway();
    },
    { signal },
  );
  attach();
  return {
    host,
    shadow,
    token,
    attach,
    setFrameHeight: (height) => frame.style.setProperty('height', `${Math.ceil(height)}px`),
    showFrame: (on) => {
      frame.classList.toggle('away', !on);
      if (on) frame.focus();
    },
    setBlackouts: (list) => {
      shown = list;
      drawBlackouts();
    },
    setOutline: (selector) => {
      try {
        outlined = selector ? document.querySelector(selector) : null;
      } catch {
        outlined = null;
      }
      follow(!!outlined);
      drawOutline();
    },
    hide: async () => {
      important('display', 'none');
      await nextFrames();
    },
    show: () => important('display', 'block'),
    remove: () => host.remove(),
  };
}

/** Fixed over the viewport, above the page, letting clicks through except on what it shows. */
const HOST_STYLE = {
  all: 'initial',
  display: 'block',
  position: 'fixed',
  inset: '0',
  'z-index': '2147483647',
  'pointer-events': 'none',
};
