import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_DIRS, PROJECT_ROOT } from '../../node/automation/build-extension';

// `npm run zip` and what it makes. `npm test` runs it as a build step just before the end-to-end
// tests (PROOFTRAIL_SKIP_BUILD=1): this file then only reads the ZIPs and rebuilds once from sources.
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

/** Every file under dir, by its path relative to dir. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name), base) : [relative(base, join(dir, d.name))],
  );
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
let sources: Entries;
const work = mkdtempSync(join(tmpdir(), 'prooftrail-sources-'));

beforeAll(() => {
  if (process.env.PROOFTRAIL_SKIP_BUILD !== '1') {
    const r = spawnSync('npm', ['run', 'zip'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: shellEnv() });
    if (r.status !== 0) throw new Error(`npm run zip failed:\n${r.stdout}\n${r.stderr}`);
  }
  chrome = files(zipPath('chrome'));
  firefox = files(zipPath('firefox'));
  sources = files(zipPath('sources'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

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

  it('the sources ZIP rebuilds, by its README, the identical Firefox add-on', () => {
    const names = Object.keys(sources);
    for (const needed of ['SOURCES-README.md', 'package.json', 'package-lock.json', 'wxt.config.ts'])
      expect(names).toContain(needed);
    expect(names.filter((n) => /^(node_modules|\.output|test|reports|dist)\//.test(n))).toEqual([]);
    for (const [name, bytes] of Object.entries(sources)) {
      mkdirSync(dirname(join(work, name)), { recursive: true });
      writeFileSync(join(work, name), bytes);
    }
    const readme = readFileSync(join(work, 'SOURCES-README.md'), 'utf8');
    const commands = (/## The exact commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '')
      .split('\n')
      .filter(Boolean);
    expect(commands[0]).toBe('npm ci');
    expect(commands).toHaveLength(2);
    // `npm ci` would download the locked dependencies again (~1 min); the project's own
    // node_modules, installed from the same package-lock.json, stands in for that part, and its
    // other part, the package's `prepare` script (`wxt prepare`: .wxt/, which the build needs), runs.
    // It is a copy made of hard links, not a symlink: through a symlink the modules resolve to
    // paths outside the unpacked folder, and Rolldown then splits the library's chunks differently.
    const linked = spawnSync('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(work, 'node_modules')], {
      encoding: 'utf8',
    });
    expect(
      linked.status,
      `cp -al node_modules failed (the temp folder must be on the project's disk):\n${linked.stderr}`,
    ).toBe(0);
    const prepared = spawnSync('npm', ['run', 'prepare'], { cwd: work, encoding: 'utf8', env: shellEnv() });
    expect(prepared.status, `npm run prepare failed:\n${prepared.stdout}\n${prepared.stderr}`).toBe(0);
    const [cmd, ...args] = (commands[1] ?? '').split(' ');
    const r = spawnSync(cmd ?? 'false', args, { cwd: work, encoding: 'utf8', env: shellEnv() });
    expect(r.status, `${commands[1]} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    const outDir = join(work, '.output', 'firefox-mv2');
    const rebuilt = walk(outDir).sort();
    expect(rebuilt).toEqual(Object.keys(firefox).sort());
    const differing = rebuilt.filter(
      (f) => !Buffer.from(readFileSync(join(outDir, f))).equals(firefox[f] ?? new Uint8Array()),
    );
    expect(differing, 'files that differ from the add-on ZIP').toEqual([]);
  });
});
