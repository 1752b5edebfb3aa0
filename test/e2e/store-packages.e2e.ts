import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_DIRS, PROJECT_ROOT } from '../../node/automation/build-extension';

// `npm run zip` and what it makes. `npm test` runs it as a build step just before the end-to-end
// tests (PROOFTRAIL_SKIP_BUILD=1): this file then only reads the ZIPs.
const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const zipPath = (kind: 'chrome' | 'firefox' | 'sources') =>
  join(PROJECT_ROOT, '.output', `prooftrail-${version}-${kind}.zip`);

/** The store build's permissions, and nothing else: what a store reviewer approves. */
const STORE_PERMISSIONS = [
  'activeTab',
  'scripting',
  'unlimitedStorage',
  'downloads',
  'contextMenus',
  'alarms',
  'notifications',
  'storage',
];
const OPTIONAL_HOSTS = ['https://*/*', 'http://*/*', '<all_urls>'];
const ICON_SIZES = [16, 32, 48, 128];

type Entries = Record<string, Uint8Array>;
type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  icons?: Record<string, string>;
};

const files = (zip: string): Entries =>
  Object.fromEntries(Object.entries(unzipSync(readFileSync(zip))).filter(([name]) => !name.endsWith('/')));
const manifestOf = (entries: Entries): Manifest =>
  JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Manifest;

/** A PNG's width and height from its IHDR chunk. */
function pngSize(bytes: Uint8Array | undefined): [number, number] {
  if (!bytes) return [0, 0];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

function expectIcons(entries: Entries, declared: Record<string, string> | undefined) {
  expect(Object.keys(declared ?? {}).map(Number)).toEqual(ICON_SIZES);
  for (const [size, path] of Object.entries(declared ?? {}))
    expect(pngSize(entries[path]), `${path} is a ${size}×${size} PNG in the ZIP`).toEqual([
      Number(size),
      Number(size),
    ]);
}

/**
 * A reviewer's shell: this process's environment without what Vitest sets (NODE_ENV=test would
 * make Preact's preset emit its development build, as the README warns).
 */
function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST') && k !== 'TEST'),
  );
}

let chrome: Entries;
let firefox: Entries;

beforeAll(() => {
  if (process.env.PROOFTRAIL_SKIP_BUILD !== '1') {
    const r = spawnSync('npm', ['run', 'zip'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: shellEnv() });
    if (r.status !== 0) throw new Error(`npm run zip failed:\n${r.stdout}\n${r.stderr}`);
  }
  chrome = files(zipPath('chrome'));
  firefox = files(zipPath('firefox'));
  expect(Object.keys(files(zipPath('sources'))).length).toBeGreaterThan(0);
});

describe('npm run zip: the store packages', () => {
  it('the Chrome Web Store / Edge Add-ons ZIP is the store build: no automation permissions', () => {
    const m = manifestOf(chrome);
    expect(m.manifest_version).toBe(3);
    expect(m.permissions).toEqual([...STORE_PERMISSIONS, 'pageCapture']);
    expect(m.host_permissions ?? []).toEqual([]);
    expect(m.optional_host_permissions).toEqual(OPTIONAL_HOSTS);
    expect(m.content_scripts).toBeUndefined();
    expectIcons(chrome, m.icons);
    expectIcons(chrome, (m.action as { default_icon?: Record<string, string> }).default_icon);
    // The automation build is this one plus <all_urls> and nothing else (wxt.config.ts).
    const automation = JSON.parse(
      readFileSync(join(BUILD_DIRS.automation, 'manifest.json'), 'utf8'),
    ) as Manifest;
    expect(automation.host_permissions).toEqual(['<all_urls>']);
    expect({ ...automation, host_permissions: [] }).toEqual(m);
    expect(Object.keys(chrome).filter((f) => f.startsWith('bench-floor'))).toEqual([]);
  });

  it('the Firefox ZIP is a sane Manifest V2 add-on whose every referenced file is inside', () => {
    const m = manifestOf(firefox);
    expect(m.manifest_version).toBe(2);
    expect(m.permissions).toEqual(STORE_PERMISSIONS);
    expect(m.optional_permissions).toEqual(OPTIONAL_HOSTS);
    expect(m.browser_specific_settings).toMatchObject({
      gecko: { id: 'prooftrail@prooftrail.dev', data_collection_permissions: { required: ['none'] } },
    });
    expectIcons(firefox, m.icons);
    const button = m.browser_action as { default_icon?: Record<string, string>; default_popup?: string };
    expectIcons(firefox, button.default_icon);
    const referenced = [
      ...(m.background as { scripts: string[] }).scripts,
      button.default_popup,
      (m.options_ui as { page: string }).page,
      ...(m.web_accessible_resources as string[]),
    ];
    for (const file of referenced) expect(Object.keys(firefox), `${file} is in the ZIP`).toContain(file);
  });
});
