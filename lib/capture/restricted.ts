/** Why a page cannot be captured, or undefined when it can be tried. */
export function restrictionReason(url: string | undefined): string | undefined {
  if (!url) return 'This tab has no page ProofTrail may read (no address is visible to the extension).';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a page address ProofTrail can capture.`;
  }
  const scheme = parsed.protocol;
  if (
    [
      'chrome:',
      'edge:',
      'about:',
      'chrome-extension:',
      'moz-extension:',
      'devtools:',
      'view-source:',
      'chrome-search:',
      'chrome-untrusted:',
    ].includes(scheme)
  )
    return `Browser pages (${scheme}//…) cannot be captured: the browser does not allow extensions to read them.`;
  if (isWebStore(parsed))
    return "The browser's extension store cannot be captured: the browser blocks extensions there.";
  if (!['http:', 'https:', 'file:'].includes(scheme))
    return `Pages with the ${scheme} scheme cannot be captured.`;
  return undefined;
}

function isWebStore(u: URL): boolean {
  return (
    u.hostname === 'chromewebstore.google.com' ||
    (u.hostname === 'chrome.google.com' && u.pathname.startsWith('/webstore')) ||
    u.hostname === 'microsoftedge.microsoft.com' ||
    u.hostname === 'addons.mozilla.org'
  );
}

/** Turns a browser error from captureVisibleTab into a message for the user. */
export function explainCaptureError(message: string): string {
  if (/activeTab|all_urls|permission/i.test(message))
    return 'ProofTrail has no permission to capture this tab. Open the ProofTrail popup from the toolbar on this page and try again.';
  if (/cannot be scripted|extensions gallery|chrome:\/\//i.test(message))
    return 'The browser does not allow extensions to capture this page.';
  return `The browser refused the capture: ${message}`;
}
