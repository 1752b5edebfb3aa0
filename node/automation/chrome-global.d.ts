// Code passed to worker.evaluate() runs in the extension's service worker, where `chrome` exists.
// Its types are WXT's browser types, which mirror the chrome.* API.
declare const chrome: typeof import('wxt/browser').browser;
