import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Worker } from 'playwright-core';

/** How to start the browser. */
export interface LaunchOptions {
  executablePath: string;
  extensionDir: string;
  /** Profile folder; a fresh temporary one when omitted. Reuse it to test restarts. */
  userDataDir?: string;
  /** Where downloads land without a prompt. */
  downloadsDir?: string;
  headless?: boolean;
  windowSize?: { width: number; height: number };
  /** Device pixel ratio to emulate (a HiDPI screen), e.g. 2. */
  deviceScaleFactor?: number;
}

/** A running Chromium with the extension loaded. */
export interface LaunchedBrowser {
  browser: Browser;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  userDataDir: string;
  downloadsDir: string;
  process: ChildProcess;
  /** Closes the browser gracefully. */
  close(): Promise<void>;
  /** Kills the browser at once (SIGKILL), as a crash or power cut would. */
  kill(): Promise<void>;
}

/** Flags that keep Chromium quiet on a machine without internet and load only our extension. */
function chromiumArgs(o: LaunchOptions, userDataDir: string): string[] {
  const size = o.windowSize ?? { width: 1280, height: 800 };
  return [
    `--user-data-dir=${userDataDir}`,
    '--remote-debugging-port=0',
    `--disable-extensions-except=${o.extensionDir}`,
    `--load-extension=${o.extensionDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-gpu',
    '--no-sandbox',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    `--window-size=${size.width},${size.height}`,
    ...(o.deviceScaleFactor ? [`--force-device-scale-factor=${o.deviceScaleFactor}`] : []),
    ...(o.headless === false ? [] : ['--headless']),
    'about:blank',
  ];
}

/** Starts Chromium as our own child (so it can be killed) and connects Playwright to it over CDP. */
export async function launchWithExtension(o: LaunchOptions): Promise<LaunchedBrowser> {
  const userDataDir = o.userDataDir ?? mkdtempSync(join(tmpdir(), 'prooftrail-profile-'));
  const downloadsDir = o.downloadsDir ?? join(userDataDir, 'downloads');
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  mkdirSync(downloadsDir, { recursive: true });
  writePreferences(join(userDataDir, 'Default', 'Preferences'), downloadsDir);
  const child = spawn(o.executablePath, chromiumArgs(o, userDataDir), {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const wsUrl = await readDevToolsUrl(child);
  const browser = await chromium.connectOverCDP(wsUrl);
  const context = browser.contexts()[0]!;
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const cdp = await browser.newBrowserCDPSession();
  // Playwright routes downloads to its own folder under GUID names; hand them back to Chromium's
  // preferences, which save under the extension's file name in downloadsDir.
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' });
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  return {
    browser,
    context,
    worker,
    extensionId,
    userDataDir,
    downloadsDir,
    process: child,
    close: async () => {
      await browser.close().catch(() => undefined);
      const timer = setTimeout(() => killGroup(child), 5000);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      killGroup(child);
      await exited;
    },
  };
}

/** Sets where downloads go, keeping the rest of a reused profile's preferences. */
function writePreferences(path: string, downloadsDir: string) {
  let prefs: Record<string, unknown> = {};
  try {
    prefs = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // A new profile, or unreadable preferences: start from none.
  }
  prefs.download = {
    ...(prefs.download as object),
    default_directory: downloadsDir,
    prompt_for_download: false,
  };
  writeFileSync(path, JSON.stringify(prefs));
}

function killGroup(child: ChildProcess) {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function readDevToolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(
      () => fail(new Error(`Chromium did not start within 30 s.\n${stderr.slice(-2000)}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(m[1]!);
      }
    };
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(new Error(`Could not start Chromium: ${e.message}`)));
    child.once('exit', (code) =>
      fail(new Error(`Chromium exited (code ${code}) before it was ready.\n${stderr.slice(-2000)}`)),
    );
  });
}
