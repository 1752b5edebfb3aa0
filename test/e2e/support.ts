import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { BUILD_DIRS, PROJECT_ROOT } from '../../node/automation/build-extension';
import { findChromium } from '../../node/automation/find-chromium';
import { type LaunchedBrowser, launchWithExtension } from '../../node/automation/launch';
import { type StaticServer, serveStatic } from '../../node/demo/static-server';

/** Serves test/e2e/fixtures on 127.0.0.1. */
export function startFixtureSite(): Promise<StaticServer> {
  return serveStatic(join(PROJECT_ROOT, 'test/e2e/fixtures'));
}

/** Launches headless Chromium with the automation build; fails loudly when there is no Chromium. */
export function launch(userDataDir?: string, deviceScaleFactor?: number): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium: install it with `apt-get install -y chromium` or set CHROME_PATH.');
  return launchWithExtension({
    executablePath,
    extensionDir: BUILD_DIRS.automation,
    userDataDir,
    deviceScaleFactor,
  });
}

/** The fixture site and a browser with the extension, as most end-to-end files share them. */
export interface SiteAndBrowser {
  site: StaticServer;
  b: LaunchedBrowser;
}

/**
 * Starts the fixture site and a browser before the file's tests (hooks registered after this one
 * run after it) and closes both after them; `started` hands them to the file.
 */
export function withSiteAndBrowser(
  started: (shared: SiteAndBrowser) => void,
  options: { deviceScaleFactor?: number } = {},
): void {
  let shared: Partial<SiteAndBrowser> = {};
  beforeAll(async () => {
    shared.site = await startFixtureSite();
    shared.b = await launch(undefined, options.deviceScaleFactor);
    started(shared as SiteAndBrowser);
  });
  afterAll(async () => {
    await shared.b?.close();
    await shared.site?.close();
    shared = {};
  });
}

/** A new empty folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `prooftrail-${prefix}-`));
}

/** What one run of the CLI did. */
export interface CliRun {
  args: string[];
  status: number | null;
  /** The signal that ended it (SIGKILL when it outlived the runner's limit). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds. */
  ms: number;
}

/**
 * Runs the real CLI (`node/cli/bin.mjs`) and returns its exit code and output. Asynchronous, so the
 * test's own page server keeps answering while the CLI's browser loads pages from it.
 */
export function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node/cli/bin.mjs'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ args, status, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** The run, as a failed assertion should show it: command, exit, time, and all of its output. */
export function describeCliRun(r: CliRun): string {
  const indent = (s: string) => (s.trim() ? s.trimEnd().replace(/^/gm, '  ') : '  (empty)');
  return [
    `prooftrail ${r.args.map((a) => (/^[\w./:@=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`,
    `exited ${r.signal ? `by ${r.signal}` : r.status} after ${(r.ms / 1000).toFixed(1)} s`,
    'stderr:',
    indent(r.stderr),
    'stdout:',
    indent(r.stdout),
    'exit code',
  ].join('\n');
}

/** Asserts the CLI's exit code; on failure the message carries its stderr and stdout. */
export function expectExit(r: CliRun, status: number): void {
  expect(r.status, describeCliRun(r)).toBe(status);
}

/** Writes a bundle's entries into a new folder named `evidence`, as an auditor's unzip would. */
export function writeEntries(entries: Record<string, Uint8Array>): string {
  const dir = join(tempDir('unzipped'), 'evidence');
  for (const [name, bytes] of Object.entries(entries)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

/** A file's bytes as every reader could see them: UTF-8, Latin-1, and quoted-printable decoded (MHTML). */
export function readings(bytes: Uint8Array): string[] {
  const latin1 = new TextDecoder('latin1').decode(bytes);
  const qp = latin1
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return [new TextDecoder().decode(bytes), latin1, qp];
}

/**
 * Opens a bundle's verify.html (from disk, offline) in the launched browser, lets `pick` choose
 * the ZIP or folder, and returns the result's lines once the check is done.
 */
export async function verifyPageResult(
  b: LaunchedBrowser,
  viewer: string,
  pick: (page: import('playwright-core').Page) => Promise<void>,
): Promise<string[]> {
  const page = await b.context.newPage();
  await page.goto(`file://${viewer}`);
  await pick(page);
  const result = page.locator('#result');
  await result.filter({ hasNotText: /Checking|No bundle checked/ }).waitFor();
  const lines = await result.locator('li').allTextContents();
  await page.close();
  return lines;
}
