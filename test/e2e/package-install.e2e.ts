import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/automation/build-extension';
import type { StaticServer } from '../../node/demo/static-server';
import { type CliRun, expectExit, startFixtureSite, tempDir, writeEntries } from './support';

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

/**
 * npm's environment for the auditor's machine: no registry it can reach (a closed port), offline,
 * a new empty cache, and none of the settings of the npm that may be running this test.
 */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...env,
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_cache: cache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

/** Runs `npx prooftrail@X.Y.Z …` in `dir`, as README-AUDITOR.txt writes it; asynchronous, so the page server keeps answering. */
function npxIn(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npx', [`prooftrail@${pkg.version}`, ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status, signal) =>
      resolve({ args, status, signal, stdout, stderr, ms: Math.round(performance.now() - started) }),
    );
  });
}

/** `npm install --omit=dev` of local tarballs into a new folder of its own (no parent project taken). */
function installInto(dir: string, env: NodeJS.ProcessEnv, tarballs: string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', ...tarballs], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm pack` of `dir` into `out`; returns the tarball's path. */
function pack(dir: string, out: string, env: NodeJS.ProcessEnv): string {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).replace(/^[^[]*/, ''),
  ) as { filename: string }[];
  return join(out, packed[0]!.filename);
}

describe('the npm package, installed offline with --omit=dev', () => {
  const work = tempDir('package');
  /** The auditor's folder: the package alone. */
  const app = join(work, 'auditor');
  /** A folder with playwright-core installed beside it, for the commands that drive a browser. */
  const withBrowser = join(work, 'collector');
  const env = npmEnv(join(work, 'empty-cache'));
  const npx = (args: string[]) => npxIn(app, env, args);
  const bundle = join(work, 'evidence.zip');
  let captured: CliRun;

  beforeAll(async () => {
    // `npm pack` runs prepack (node/scripts/build-package.mjs; the extension this run's global
    // setup built is packed as it is). Each tarball is installed into an empty folder.
    const tarball = pack(PROJECT_ROOT, work, {
      ...npmEnv(join(work, 'pack-cache')),
      PROOFTRAIL_PACK_REUSE_BUILD: '1',
    });
    installInto(app, env, [tarball]);
    // playwright-core from this project's node_modules, packed locally: still no registry.
    const playwright = pack(
      join(PROJECT_ROOT, 'node_modules', 'playwright-core'),
      work,
      npmEnv(join(work, 'pw-cache')),
    );
    installInto(withBrowser, env, [tarball, playwright]);
    // A real bundle, captured by the installed package driving the extension it carries.
    captured = await npxIn(withBrowser, env, [
      'capture',
      '--url',
      `${site.origin}/change.html`,
      '--control',
      'A.8.32',
      '--capturer',
      'Casey Auditor <casey@example.test>',
      '--out',
      bundle,
    ]);
  }, 120_000);

  it('holds only compiled JavaScript, the verifier page and the docs, and installs no dependency', () => {
    const installed = readFileSync(join(app, 'node_modules', 'prooftrail', 'package.json'), 'utf8');
    expect(JSON.parse(installed)).toMatchObject({ name: 'prooftrail', version: pkg.version });
    expect(JSON.parse(installed)).not.toHaveProperty('private');
    // The tarball's own package is the only one installed: no registry was reachable.
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).filter((p) => p)).toEqual(['node_modules/prooftrail']);
  });

  it('captures through the extension it carries once playwright-core is installed beside it', () => {
    expectExit(captured, 0);
    expect(captured.stdout.trim()).toBe(bundle);
  });

  it('answers --version and --help', async () => {
    const v = await npx(['--version']);
    expectExit(v, 0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = await npx(['--help']);
    expectExit(h, 0);
    expect(h.stdout).toMatch(/prooftrail verify FILE\.zip/);
    expect(h.stdout).toMatch(/prooftrail verify-page --out verify\.html/);
  });

  it('verifies a real bundle (OK, exit 0) and a tampered one (FAIL, exit 1)', async () => {
    const ok = await npx(['verify', bundle]);
    expectExit(ok, 0);
    expect(ok.stdout).toMatch(/^OK /m);
    const entries = unzipSync(readFileSync(bundle));
    const image = Object.keys(entries).find((p) => p.endsWith('.png'))!;
    entries[image]![100]! ^= 1;
    const tampered = join(work, 'tampered.zip');
    writeFileSync(tampered, zipSync(entries, { level: 0 }));
    const bad = await npx(['verify', tampered]);
    expectExit(bad, 1);
    expect(bad.stderr).toContain(`FAIL ${image}`);
  });

  it('writes the verifier page, the same bytes as the page a bundle carries', async () => {
    const out = join(work, 'verify.html');
    const r = await npx(['verify-page', '--out', out]);
    expectExit(r, 0);
    const page = readFileSync(out);
    expect(page.byteLength).toBeGreaterThan(10_000);
    expect(Buffer.from(unzipSync(readFileSync(bundle))['verify.html']!).equals(page)).toBe(true);
  });

  it('`sha256sum -c SHA256SUMS` passes in the unzipped bundle, and fails once a file is changed', () => {
    const entries = unzipSync(readFileSync(bundle));
    const folder = writeEntries(entries);
    const ok = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const listed = (entries.SHA256SUMS ? new TextDecoder().decode(entries.SHA256SUMS) : '')
      .trim()
      .split('\n');
    expect(ok.stdout.trim().split('\n')).toHaveLength(listed.length);
    expect(ok.stdout).not.toMatch(/FAILED/);
    // The README's command is the one run here.
    expect(new TextDecoder().decode(entries['README-AUDITOR.txt']!)).toContain('sha256sum -c SHA256SUMS');
    const image = Object.keys(entries).find((p) => p.endsWith('.png'))!;
    const bytes = readFileSync(join(folder, image));
    bytes[100]! ^= 1;
    writeFileSync(join(folder, image), bytes);
    const bad = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain(`${image}: FAILED`);
  });

  it('names the package to install when a browser command runs without playwright-core', async () => {
    const r = await npx([
      'capture',
      '--url',
      `${site.origin}/change.html`,
      '--control',
      'A.5.1',
      '--out',
      'x.zip',
    ]);
    expectExit(r, 1);
    expect(r.stderr).toContain('npm install playwright-core@');
  });
});
