// Extension pages in Firefox have the WebExtension API as the global `browser`; the tests call it
// inside the helper page (page.evaluate), so only its type is needed here.
declare const browser: typeof import('wxt/browser').browser;
