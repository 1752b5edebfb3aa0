import type { CDPSession, Frame, Page } from 'playwright-core';

/** What has the keyboard in a document, as a test names it. */
export interface Focused {
  tag: string;
  id: string;
  /** aria-label, else the label's or the element's own text, trimmed. */
  name: string;
  type: string;
  checked: boolean;
  className: string;
}

/** The element with the keyboard in `where` (a page or the panel's frame). */
export function focused(where: Page | Frame): Promise<Focused> {
  return where.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const input = el as HTMLInputElement | null;
    const label = input?.labels?.[0]?.textContent ?? '';
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      name: (el?.getAttribute('aria-label') || label || el?.textContent || '').replace(/\s+/g, ' ').trim(),
      type: input?.type ?? '',
      checked: Boolean(input?.checked),
      className: typeof el?.className === 'string' ? el.className : '',
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the element `wanted` picks has the keyboard; throws with the
 * elements visited when it never does. `keys` is the page that receives the keys (the panel's
 * page when `where` is its frame).
 */
export async function tabTo(
  where: Page | Frame,
  wanted: (f: Focused) => boolean,
  options: { keys?: Page; back?: boolean; max?: number } = {},
): Promise<Focused> {
  const keys = options.keys ?? (where as Page);
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 80); i++) {
    await keys.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(where);
    if (wanted(f)) return f;
    seen.push(`${f.tag}${f.id ? `#${f.id}` : ''} "${f.name.slice(0, 40)}"`);
  }
  throw new Error(`Tab never reached the element; visited: ${seen.join(' | ')}`);
}

/** An element's name matches. */
export const named =
  (name: string | RegExp) =>
  (f: Focused): boolean =>
    typeof name === 'string' ? f.name === name : name.test(f.name);

/** How the focused element shows it has the keyboard. */
export interface FocusRing {
  style: string;
  width: number;
  /** Contrast of the ring's colour against what is behind it (WCAG ratio, 1 to 21). */
  contrast: number;
}

/** The focus ring of what has the keyboard in `where`, with its contrast against the background. */
export function focusRing(where: Page | Frame): Promise<FocusRing> {
  return where.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    // The ring is drawn outside the element: what is behind it is the nearest painted ancestor.
    let bg = [255, 255, 255];
    for (let p = el.parentElement; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3]! > 0)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    const [a, b] = [luminance(rgb(cs.outlineColor)), luminance(bg)];
    return {
      style: cs.outlineStyle,
      width: Number.parseFloat(cs.outlineWidth),
      contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
    };
  });
}

/**
 * Records every text a live region shows from now on (what a screen reader is given to say), in
 * `window.__announced[name]`; `selector` finds the region.
 */
export async function recordAnnouncements(
  where: Page | Frame,
  name: string,
  selector: string,
): Promise<void> {
  await where.evaluate(
    ([n, sel]) => {
      const w = window as unknown as { __announced?: Record<string, string[]> };
      w.__announced ??= {};
      const texts: string[] = [];
      w.__announced[n] = texts;
      const region = document.querySelector(sel);
      if (!region) throw new Error(`no live region ${sel}`);
      const note = () => {
        const t = (region.textContent ?? '').trim();
        if (t && texts.at(-1) !== t) texts.push(t);
      };
      new MutationObserver(note).observe(region, { subtree: true, childList: true, characterData: true });
    },
    [name, selector] as const,
  );
}

/** The texts recorded for `name`, once `until` matches one of them. */
export async function announced(where: Page | Frame, name: string, until: RegExp): Promise<string[]> {
  const handle = await where.waitForFunction(
    ([n, pattern]) => {
      const texts = (window as unknown as { __announced?: Record<string, string[]> }).__announced?.[n] ?? [];
      return texts.some((t) => new RegExp(pattern).test(t)) && texts;
    },
    [name, until.source] as const,
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as string[];
}

/** Text inside closed shadow roots of a page (the pick overlay's hint), read over the DevTools protocol. */
export async function shadowText(cdp: CDPSession, className: string): Promise<string | undefined> {
  interface Node {
    nodeType: number;
    nodeValue: string;
    attributes?: string[];
    children?: Node[];
    shadowRoots?: Node[];
  }
  // A protocol call has no timeout of its own: a stuck one says so instead of running out the test's.
  let stuck: ReturnType<typeof setTimeout> | undefined;
  const { root } = (await Promise.race([
    cdp.send('DOM.getDocument', { depth: -1, pierce: true }),
    new Promise((_, reject) => {
      stuck = setTimeout(() => reject(new Error('DOM.getDocument did not answer in 30 s')), 30_000);
    }),
  ]).finally(() => clearTimeout(stuck))) as { root: Node };
  const text = (n: Node): string =>
    n.nodeType === 3 ? n.nodeValue : [...(n.children ?? []), ...(n.shadowRoots ?? [])].map(text).join('');
  const find = (n: Node): Node | undefined => {
    const attrs = n.attributes ?? [];
    const cls = attrs[attrs.indexOf('class') + 1];
    if (attrs.includes('class') && cls?.split(' ').includes(className)) return n;
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
      const hit = find(c);
      if (hit) return hit;
    }
    return undefined;
  };
  const hit = find(root);
  return hit && text(hit);
}

/**
 * Presses `key` on a page that closes itself in answer (the popup, once it has opened the panel)
 * and waits until it has closed. The page may close between the key's down and up events, so the
 * up event failing on the closed page is expected; any other failure is not.
 */
export async function pressClosing(page: Page, key: string): Promise<void> {
  const closed = page.waitForEvent('close');
  await page.keyboard.press(key).catch((e: unknown) => {
    if (!page.isClosed() && !/has been closed/.test(String(e))) throw e;
  });
  await closed;
}

/**
 * Presses `key` where it removes the frame that has the keyboard (the panel's own Close button).
 * Chromium answers a key event from the frame that has the keyboard; when that frame is gone before
 * the key-up reaches it, no answer ever comes and `keyboard.press` waits forever (seen under load:
 * the test ran out its time on this key). So the key goes down, the removal is awaited, and the
 * key-up is sent without waiting for an answer.
 */
export async function pressRemovingFrame(
  page: Page,
  key: string,
  removed: () => Promise<unknown>,
): Promise<void> {
  await page.keyboard.down(key);
  await removed();
  void page.keyboard.up(key).catch(() => undefined);
}
