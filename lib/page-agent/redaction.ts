import { docRect } from './locate';
import type { DocRect, RedactionArea, RedactionRules } from './types';

export const REDACTED_TEXT = '[redacted]';

/** Compiles configured text patterns; throws naming the first invalid one. */
export function compilePatterns(sources: readonly string[]): RegExp[] {
  return sources.map((src) => {
    try {
      return new RegExp(src, 'gi');
    } catch (e) {
      throw new Error(`Text pattern "${src}" is not a valid regular expression: ${(e as Error).message}`);
    }
  });
}

/** Elements to mask: password fields always, then every match of each selector. */
function maskedElements(
  rules: RedactionRules,
  doc: Document,
): { el: Element; rule: RedactionArea['rule']; detail: string }[] {
  const found: { el: Element; rule: RedactionArea['rule']; detail: string }[] = [];
  for (const el of doc.querySelectorAll('input[type="password" i]'))
    found.push({ el, rule: 'password-field', detail: 'input[type=password]' });
  for (const selector of rules.selectors) {
    let matches: NodeListOf<Element>;
    try {
      matches = doc.querySelectorAll(selector);
    } catch {
      throw new Error(`Redaction selector "${selector}" is not a valid CSS selector.`);
    }
    for (const el of matches) found.push({ el, rule: 'selector', detail: selector });
  }
  return found;
}

function visibleTextNodes(doc: Document): Text[] {
  const nodes: Text[] = [];
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      n.parentElement?.closest('script,style,noscript,template,[data-prooftrail-ui]')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

function rangeRects(node: Text, start: number, end: number, doc: Document, win: Window): DocRect[] {
  const range = doc.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return [...range.getClientRects()]
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => ({ x: r.left + win.scrollX, y: r.top + win.scrollY, width: r.width, height: r.height }));
}

/** Every area to black out, in document coordinates, each with the rule behind it. */
export function findRedactionAreas(
  rules: RedactionRules,
  doc: Document = document,
  win: Window = window,
): RedactionArea[] {
  const areas: RedactionArea[] = maskedElements(rules, doc).map(({ el, rule, detail }) => ({
    ...docRect(el, win),
    rule,
    detail,
  }));
  const patterns = compilePatterns(rules.textPatterns);
  if (patterns.length) {
    for (const node of visibleTextNodes(doc)) {
      const text = node.data;
      patterns.forEach((re, i) => {
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          if (!m[0]) {
            re.lastIndex++;
            continue;
          }
          for (const r of rangeRects(node, m.index, m.index + m[0].length, doc, win))
            areas.push({ ...r, rule: 'text-pattern', detail: rules.textPatterns[i]! });
        }
      });
    }
  }
  for (const r of rules.manual ?? []) areas.push({ ...r, rule: 'manual', detail: 'drawn by the capturer' });
  // A little margin so anti-aliased glyph edges do not survive the mask.
  return areas
    .filter((a) => a.width > 0 && a.height > 0)
    .map((a) => ({ ...a, x: a.x - 2, y: a.y - 2, width: a.width + 4, height: a.height + 4 }));
}

/** The page's visible text with everything redacted in the image also removed from the text. */
export function redactedPageText(
  rules: RedactionRules,
  doc: Document = document,
): { text: string; redacted: boolean } {
  let text = (doc.body as HTMLElement | null)?.innerText ?? '';
  let redacted = false;
  for (const { el } of maskedElements(rules, doc)) {
    const inner = (el as HTMLElement).innerText?.trim();
    if (inner) {
      text = text.split(inner).join(REDACTED_TEXT);
      redacted = true;
    }
    if (el instanceof HTMLInputElement && el.value) {
      text = text.split(el.value).join(REDACTED_TEXT);
      redacted = true;
    }
  }
  // Text under boxes the capturer drew: every text node touching a box is removed.
  for (const box of rules.manual ?? []) {
    for (const node of visibleTextNodes(doc)) {
      const inner = node.data.trim();
      if (!inner) continue;
      const hit = rangeRects(node, 0, node.data.length, doc, window).some(
        (r) =>
          r.x < box.x + box.width &&
          r.x + r.width > box.x &&
          r.y < box.y + box.height &&
          r.y + r.height > box.y,
      );
      if (hit) {
        text = text.split(inner).join(REDACTED_TEXT);
        redacted = true;
      }
    }
  }
  for (const re of compilePatterns(rules.textPatterns)) {
    const next = text.replace(re, REDACTED_TEXT);
    redacted ||= next !== text;
    text = next;
  }
  return { text, redacted };
}
