import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const FIREFOX_INSTALL_HINT =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends firefox-esr   (or set FIREFOX_PATH to a Firefox binary)';

/** A Firefox binary: FIREFOX_PATH, else Debian's firefox-esr, else a system firefox; undefined when none. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FIREFOX_PATH) {
    if (!existsSync(env.FIREFOX_PATH))
      throw new Error(`FIREFOX_PATH is ${env.FIREFOX_PATH}, but no file is there.`);
    return env.FIREFOX_PATH;
  }
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
}

/**
 * Finds Firefox, installing Debian's firefox-esr when running as root on Debian; otherwise fails
 * with the command to run. The Firefox tests never skip.
 */
export function ensureFirefox(log: (line: string) => void = console.error): string {
  const found = findFirefox();
  if (found) return found;
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    log("No Firefox found: installing Debian's firefox-esr package (apt-get install -y firefox-esr)…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'firefox-esr'], {
      stdio: 'inherit',
      env,
    });
    const installed = findFirefox();
    if (installed) return installed;
  }
  throw new Error(`No Firefox found. Install it, then run again:\n  ${FIREFOX_INSTALL_HINT}`);
}
