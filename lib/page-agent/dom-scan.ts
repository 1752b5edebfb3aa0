import { isOwnUi } from './own-ui';
import type { TextSegment } from './text-match';
import type { DocRect, RedactionRule } from './types';

/** Translation from a document's (or shadow root's) viewport to the top page's viewport, CSS px. */
export interface Offset {
  x: number;
  y: number;
}

/** A segment of text with where it came from. */
export interface ScannedSegment extends TextSegment {
  source: { kind: 'text'; node: Text } | { kind: 'value'; el: Element };
  offset: Offset;
}

/** An element masked whole. */
export interface ScannedElement {
  el: Element;
  offset: Offset;
  rule: Extract<RedactionRule, 'password-field' | 'selector'>;
  detail: string;
}

/** Everything in reach: the document, its open shadow roots and its same-origin frames. */
export interface PageScan {
  segments: ScannedSegment[];
  masked: ScannedElement[];
  /** What could not be looked into (cross-origin frames), named by origin only. */
  notInspected: string[];
}

// Tag names are compared before any selector is matched: the walk visits every element of the page.
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template']);
const FRAME_TAGS = new Set(['iframe', 'frame']);
const VALUE_FIELDS =
  'textarea,input:not([type]),input[type="text" i],input[type="email" i],input[type="search" i],input[type="tel" i],input[type="url" i],input[type="number" i]';

type Root = Document | ShadowRoot;

function skipped(el: Element): boolean {
  return SKIPPED_TAGS.has(el.localName) || isOwnUi(el);
}

/**
 * Walks the page and everything reachable from it, in reading order. Without `withText` only
 * masked elements and unreachable frames are collected (no text pattern to match).
 */
export function scanPage(selectors: readonly string[], doc: Document = document, withText = true): PageScan {
  const scan: PageScan = { segments: [], masked: [], notInspected: [] };
  const blocks = new Map<Element, Element | null>();
  let lastBlock: Element | null | undefined;
  let forceBreak = false;

  const walk = (root: Root, offset: Offset): void => {
    collectMasked(root, offset, selectors, scan.masked);
    const start = 'body' in root ? (root.body ?? root.documentElement) : root;
    if (!start) return;
    const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(
      start,
      NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
      {
        acceptNode: (n) => (isElement(n) && skipped(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      },
    );
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!isElement(n)) {
        if (!withText) continue;
        const block = blockOf(n as Text, blocks);
        scan.segments.push({
          text: (n as Text).data,
          breakBefore: forceBreak || block !== lastBlock,
          source: { kind: 'text', node: n as Text },
          offset,
        });
        lastBlock = block;
        forceBreak = false;
        continue;
      }
      if (n.shadowRoot) walk(n.shadowRoot, offset);
      const tag = n.localName;
      if (FRAME_TAGS.has(tag)) enterFrame(n as HTMLIFrameElement, offset);
      else if (withText && (tag === 'input' || tag === 'textarea') && n.matches(VALUE_FIELDS)) {
        const value = (n as HTMLInputElement).value;
        if (value)
          scan.segments.push({ text: value, breakBefore: true, source: { kind: 'value', el: n }, offset });
        forceBreak = true;
      }
    }
  };

  const enterFrame = (frame: HTMLIFrameElement, offset: Offset): void => {
    let inner: Document | null = null;
    try {
      inner = frame.contentDocument;
    } catch {
      inner = null;
    }
    if (!inner) {
      // One line per origin: a page of ad frames would otherwise repeat the same notice.
      const what = `cross-origin frame ${frameOrigin(frame)}`;
      if (!scan.notInspected.includes(what)) scan.notInspected.push(what);
      return;
    }
    const r = frame.getBoundingClientRect();
    forceBreak = true;
    walk(inner, { x: offset.x + r.left + frame.clientLeft, y: offset.y + r.top + frame.clientTop });
    forceBreak = true;
  };

  walk(doc, { x: 0, y: 0 });
  return scan;
}

function collectMasked(
  root: Root,
  offset: Offset,
  selectors: readonly string[],
  out: ScannedElement[],
): void {
  for (const el of root.querySelectorAll('input[type="password" i]'))
    out.push({ el, offset, rule: 'password-field', detail: 'input[type=password]' });
  for (const selector of selectors) {
    let matches: NodeListOf<Element>;
    try {
      matches = root.querySelectorAll(selector);
    } catch {
      throw new Error(`Redaction selector "${selector}" is not a valid CSS selector.`);
    }
    for (const el of matches) out.push({ el, offset, rule: 'selector', detail: selector });
  }
}

function isElement(n: Node): n is Element {
  return n.nodeType === 1;
}

/** The frame's origin (never its full address, which may itself hold a secret). */
function frameOrigin(frame: HTMLIFrameElement): string {
  try {
    return new URL(frame.src, frame.ownerDocument.baseURI).origin;
  } catch {
    return '(unknown origin)';
  }
}

/** The parent element, stepping from a shadow root to its host. */
export function composedParent(n: Node): Element | null {
  if (n.parentElement) return n.parentElement;
  const p = n.parentNode as (Node & { host?: Element }) | null;
  if (p?.host) return p.host;
  if (p?.nodeType === 9) return ((p as Document).defaultView?.frameElement as Element | null) ?? null;
  return null;
}

/** Whether `node` is inside any of `ancestors`, across shadow roots and frames. */
export function insideAny(ancestors: ReadonlySet<Element>, node: Node): boolean {
  for (let n: Node | null = node; n; n = composedParent(n)) if (ancestors.has(n as Element)) return true;
  return false;
}

/** The nearest ancestor laid out as a block: text in the same block reads as one run. */
function blockOf(node: Text, cache: Map<Element, Element | null>): Element | null {
  const seen: Element[] = [];
  let el = composedParent(node);
  let found: Element | null = null;
  while (el) {
    const cached = cache.get(el);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    seen.push(el);
    const display = el.ownerDocument.defaultView?.getComputedStyle(el).display ?? 'block';
    if (!display.startsWith('inline') && display !== 'contents') {
      found = el;
      break;
    }
    el = composedParent(el);
  }
  for (const s of seen) cache.set(s, found);
  return found;
}

/** A box in the top page's document coordinates. */
export function toTopDoc(r: DOMRect | DocRect, offset: Offset, win: Window): DocRect {
  const left = 'left' in r ? r.left : r.x;
  const top = 'top' in r ? r.top : r.y;
  return {
    x: left + offset.x + win.scrollX,
    y: top + offset.y + win.scrollY,
    width: r.width,
    height: r.height,
  };
}
