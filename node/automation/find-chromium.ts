import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const INSTALL_HINT =
  'sudo apt-get update && sudo apt-get install -y chromium   (or set CHROME_PATH to a Chrome/Chromium binary)';

/** A Chromium binary: CHROME_PATH, else the system's, else Playwright's; undefined when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_PATH) {
    if (!existsSync(env.CHROME_PATH))
      throw new Error(`CHROME_PATH is ${env.CHROME_PATH}, but no file is there.`);
    return env.CHROME_PATH;
  }
  const candidates = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  let playwrights: string | undefined;
  try {
    playwrights = chromium.executablePath();
  } catch {
    playwrights = undefined;
  }
  return [...candidates, playwrights].find((p): p is string => !!p && existsSync(p));
}

/**
 * Finds Chromium, installing Debian's package when running as root on Debian or Ubuntu; otherwise
 * fails with the exact command to run.
 */
export function ensureChromium(log: (line: string) => void = console.error): string {
  const found = findChromium();
  if (found) return found;
  const debianLike =
    existsSync('/etc/debian_version') || /ID(_LIKE)?=.*(debian|ubuntu)/.test(safeRead('/etc/os-release'));
  if (debianLike && process.getuid?.() === 0) {
    log("No Chromium found: installing Debian's chromium package (apt-get install -y chromium)…");
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(`No Chromium or Chrome found. Install one, then run again:\n  ${INSTALL_HINT}`);
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
