import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { buildVerifyPage } from './node/scripts/build-verify-page.mjs';

/**
 * Two builds from one codebase (see docs/architecture.md):
 * - production: the store build asks only for what a user gesture unlocks (activeTab).
 * - automation (`--mode automation`): adds <all_urls> because the CLI and end-to-end tests
 *   drive the browser without a user gesture, which activeTab requires.
 */
// The automation build is the store build plus <all_urls> (above): the same production code. WXT
// sets NODE_ENV to the mode when it is unset, and Preact's preset then emits its development JSX
// (source locations, hook names), so the tests and the bench would measure a heavier extension
// than users get.
if (process.env.NODE_ENV === 'automation') process.env.NODE_ENV = 'production';

/** The icon at each size the browsers ask for, from assets/public/icon/ (copied into the build). */
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

export default defineConfig({
  imports: false,
  // Files copied as they are into the extension: the bundle viewer verify.html, built just before.
  publicDir: 'assets/public',
  hooks: {
    'build:before': async () => {
      await buildVerifyPage();
    },
    // The library bench's floor (node/bench/library-bench.ts), automation build only: an extension
    // page with nothing of ours but a module that marks its first paint the way the library does.
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.mode !== 'automation') return;
      files.push(
        {
          relativeDest: 'bench-floor.html',
          contents:
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title>' +
            '<script type="module" src="/bench-floor.js"></script></head><body><p>Floor</p></body></html>',
        },
        {
          relativeDest: 'bench-floor.js',
          contents: "requestAnimationFrame(() => setTimeout(() => performance.mark('floor:painted')));",
        },
      );
    },
  },
  // `npm run zip`: the store ZIPs in .output/ (Chrome Web Store and Edge Add-ons; Firefox Add-ons)
  // and, with Firefox's, the sources ZIP that AMO review rebuilds from (SOURCES-README.md says how).
  // What is generated, or not needed to build the add-on, stays out of the sources.
  zip: {
    excludeSources: [
      'test/**',
      'reports/**',
      'demo-output/**',
      'dist/**',
      'web-ext-artifacts/**',
      'assets/public/viewer/**',
      'docs/store/**',
      '*.tgz',
      '*.log',
    ],
  },
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ mode, browser }) => ({
    name: 'ProofTrail',
    description:
      'Capture timestamped, verifiable compliance evidence from live pages, tagged to ISO/IEC 27001 and SOC 2 controls.',
    permissions: [
      'activeTab',
      'scripting',
      'unlimitedStorage',
      'downloads',
      'contextMenus',
      // Timestamp retries, and the reminders' hourly and next-change checks (docs/reminders.md).
      'alarms',
      // Reminders of due evidence, shown locally (docs/reminders.md).
      'notifications',
      // storage.session only: the panel's token per tab, kept while the worker sleeps; the signal
      // that what is due changed (it wakes the worker; docs/reminders.md).
      'storage',
      ...(browser === 'firefox' ? [] : ['pageCapture']),
    ],
    host_permissions: mode === 'automation' ? ['<all_urls>'] : [],
    // Asked for one origin at a time, when the user adds a timestamp authority in Settings; all
    // sites only when the user runs a capture recipe (capturing a tab without a click needs it).
    ...(browser === 'firefox'
      ? { optional_permissions: ['https://*/*', 'http://*/*', '<all_urls>'] }
      : { optional_host_permissions: ['https://*/*', 'http://*/*', '<all_urls>'] }),
    // The panel's UI is framed into the page by the panel's page script, so pages may load it.
    // What trusts the frame is the worker's per-opening token, not this address (see
    // docs/architecture.md). Chromium: a per-session address, so pages cannot probe for it.
    web_accessible_resources: [
      {
        resources: ['panel-frame.html'],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    // assets/icon.svg, drawn to PNGs by `npm run icons` (node/scripts/render-icons.ts).
    icons: ICONS,
    // Firefox's Manifest V2 build names the button browser_action; WXT fills in its popup there and
    // would drop an `action` given here, icon included.
    ...(browser === 'firefox'
      ? { browser_action: { default_title: 'ProofTrail: capture evidence', default_icon: ICONS } }
      : { action: { default_title: 'ProofTrail: capture evidence', default_icon: ICONS } }),
    commands: {
      'open-panel': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: 'Open the ProofTrail panel on this page',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'prooftrail@prooftrail.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // data_collection_permissions needs Firefox 140 on desktop and 142 on Android.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
