// The only ways text from pages and people enters report HTML: escaped as text or as a quoted
// attribute value, or turned into a link that can only point inside the bundle.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The text with `& < > " '` as entities: safe as element text and inside a quoted attribute value. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A bundle-relative path (`A.5.18/2026-… file.png`) as a URL for `href`/`src`, or undefined when
 * the path could leave the bundle (a `..` segment) or is empty. Each segment is percent-encoded on
 * its own, so `:` (a scheme), `?`, `#`, `%`, backslashes and quotes in a file name stay part of
 * that name; empty segments are dropped, so the result never starts with `/` or `//`. The result
 * still goes through {@link escapeHtml} when written into an attribute.
 */
export function bundleHref(path: string): string | undefined {
  const segments = String(path)
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.map(encodeURIComponent).join('/');
}

/**
 * An element id (and `#fragment`) for a control ID: letters, digits, `.` and `-` kept, any other
 * character (`_` included) written as `_<hex code point>_`, so distinct IDs give distinct anchors.
 */
export function anchorId(prefix: string, id: string): string {
  let out = '';
  for (const ch of String(id)) {
    out += /^[A-Za-z0-9.-]$/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`;
  }
  return `${prefix}${out}`;
}
