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
  const [result] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => `<!DOCTYPE html>\n${document.documentElement.outerHTML}`,
  });
  const html = result?.result;
  return typeof html === 'string'
    ? { blob: new Blob([html], { type: 'text/html' }), format: 'html', mediaType: 'text/html;charset=utf-8' }
    : undefined;
}
