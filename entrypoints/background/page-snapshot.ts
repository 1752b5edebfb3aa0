import { browser } from 'wxt/browser';

type PageCaptureApi = { saveAsMHTML(details: { tabId: number }): Promise<Blob | undefined> };

/**
 * MHTML of the tab via pageCapture where the browser has it (Chromium); otherwise the serialized
 * DOM. The first read after browser start sometimes fails, so it is tried again.
 */
export async function snapshotPage(
  tabId: number,
): Promise<{ blob: Blob; format: 'mhtml' | 'html'; mediaType: string } | undefined> {
  const pageCapture = (browser as unknown as { pageCapture?: PageCaptureApi }).pageCapture;
  if (pageCapture) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const blob = await pageCapture.saveAsMHTML({ tabId });
        if (blob)
          return {
            blob: new Blob([await blob.arrayBuffer()], { type: 'multipart/related' }),
            format: 'mhtml',
            mediaType: 'multipart/related',
          };
      } catch {
        // retried below
      }
    }
  }
  const [result] = await browser.scripting.executeScript({ target: { tabId }, func: serializePage });
  const html = result?.result;
  return typeof html === 'string'
    ? { blob: new Blob([html], { type: 'text/html' }), format: 'html', mediaType: 'text/html;charset=utf-8' }
    : undefined;
}

/**
 * The page as HTML, for browsers without pageCapture (Firefox). Runs in the page, so it is
 * self-contained. A copy of the DOM (the live page is never changed) carries what the user typed
 * or chose in form fields, which markup alone does not hold (never a password or file field), and
 * a <base> of the page's origin and path (no query or fragment, which may hold secrets), so
 * relative images and style sheets resolve when the file is opened.
 */
function serializePage(): string {
  const root = document.documentElement.cloneNode(true) as HTMLElement;
  const fields = 'input, textarea, select';
  const copies = root.querySelectorAll(fields);
  document.documentElement.querySelectorAll(fields).forEach((el, i) => {
    const copy = copies[i];
    if (el instanceof HTMLInputElement && copy instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') copy.toggleAttribute('checked', el.checked);
      else if (el.type !== 'password' && el.type !== 'file') copy.setAttribute('value', el.value);
    } else if (el instanceof HTMLTextAreaElement && copy instanceof HTMLTextAreaElement) {
      copy.textContent = el.value;
    } else if (el instanceof HTMLSelectElement && copy instanceof HTMLSelectElement) {
      for (const [j, o] of [...el.options].entries())
        copy.options[j]?.toggleAttribute('selected', o.selected);
    }
  });
  const head = root.querySelector('head');
  if (head && !head.querySelector('base[href]') && /^https?:$/.test(location.protocol)) {
    const base = document.createElement('base');
    base.href = location.origin + location.pathname;
    head.prepend(base);
  }
  return `<!DOCTYPE html>\n${root.outerHTML}`;
}
