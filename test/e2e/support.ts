import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_DIRS, PROJECT_ROOT } from '../../lib/automation/build-extension';
import { findChromium } from '../../lib/automation/find-chromium';
import { type LaunchedBrowser, launchWithExtension } from '../../lib/automation/launch';
import { type StaticServer, serveStatic } from '../../lib/demo/static-server';

/** Serves test/e2e/fixtures on 127.0.0.1. */
export function startFixtureSite(): Promise<StaticServer> {
  return serveStatic(join(PROJECT_ROOT, 'test/e2e/fixtures'));
}

/** Launches headless Chromium with the automation build; fails loudly when there is no Chromium. */
export function launch(userDataDir?: string): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium: install it with `apt-get install -y chromium` or set CHROME_PATH.');
  return launchWithExtension({ executablePath, extensionDir: BUILD_DIRS.automation, userDataDir });
}

/** A new empty folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `prooftrail-${prefix}-`));
}

/** Runs the real CLI (`lib/cli/bin.mjs`) and returns its exit code and output. */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'lib/cli/bin.mjs'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
