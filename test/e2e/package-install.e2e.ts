import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/automation/build-extension';
import type { StaticServer } from '../../node/demo/static-server';
import { expectExit, runCli, startFixtureSite, tempDir, writeEntries } from './support';

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

describe('the npm package, installed offline with --omit=dev', () => {
  const work = tempDir('package');
  const app = join(work, 'auditor');
  const env = npmEnv(join(work, 'empty-cache'));
  /** Runs `npx prooftrail@X.Y.Z …` in the auditor's folder, as README-AUDITOR.txt writes it. */
  const npx = (args: string[]) => {
    const r = spawnSync('npx', [`prooftrail@${pkg.version}`, ...args], { cwd: app, env, encoding: 'utf8' });
    return { args, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: 0 };
  };
  const bundle = join(work, 'evidence.zip');

  beforeAll(async () => {
    // A real bundle, captured by the extension through the source tree's CLI.
    const r = await runCli([
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
    expectExit(r, 0);
    // `npm pack` runs prepack (node/scripts/build-package.mjs); then the tarball is installed into
    // an empty folder (its own package.json, so npm does not take a parent folder's project).
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
        cwd: PROJECT_ROOT,
        env: npmEnv(join(work, 'pack-cache')),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).replace(/^[^[]*/, ''),
    ) as { filename: string; files: { path: string }[] }[];
    const tarball = join(work, packed[0]!.filename);
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

  it('answers --version and --help', () => {
    const v = npx(['--version']);
    expectExit(v, 0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = npx(['--help']);
    expectExit(h, 0);
    expect(h.stdout).toMatch(/prooftrail verify FILE\.zip/);
    expect(h.stdout).toMatch(/prooftrail verify-page --out verify\.html/);
  });

  it('verifies a real bundle (OK, exit 0) and a tampered one (FAIL, exit 1)', () => {
    const ok = npx(['verify', bundle]);
    expectExit(ok, 0);
    expect(ok.stdout).toMatch(/^OK /m);
    const entries = unzipSync(readFileSync(bundle));
    const image = Object.keys(entries).find((p) => p.endsWith('.png'))!;
    entries[image]![100]! ^= 1;
    const tampered = join(work, 'tampered.zip');
    writeFileSync(tampered, zipSync(entries, { level: 0 }));
    const bad = npx(['verify', tampered]);
    expectExit(bad, 1);
    expect(bad.stderr).toContain(`FAIL ${image}`);
  });

  it('writes the verifier page, the same bytes as the page a bundle carries', () => {
    const out = join(work, 'verify.html');
    const r = npx(['verify-page', '--out', out]);
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

  it('names the package to install when a browser command runs without playwright-core', () => {
    const r = npx(['capture', '--url', `${site.origin}/change.html`, '--control', 'A.5.1', '--out', 'x.zip']);
    expectExit(r, 1);
    expect(r.stderr).toContain('npm install playwright-core@');
  });
});
