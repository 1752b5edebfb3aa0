import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../node/automation/build-extension';
import { ensureFirefox } from './find-firefox';
import { FIREFOX_BUILD } from './firefox-driver';

/**
 * Finds (or installs) Firefox and builds the Firefox automation extension (`wxt build -b firefox
 * --mode automation`) unless PROOFTRAIL_SKIP_BUILD=1 and a build is there. Never skips.
 */
export default function setup(): void {
  process.env.FIREFOX_PATH = ensureFirefox((line) => console.log(line));
  if (process.env.PROOFTRAIL_SKIP_BUILD === '1' && existsSync(join(FIREFOX_BUILD, 'manifest.json'))) return;
  const wxt = join(PROJECT_ROOT, 'node_modules/wxt/bin/wxt.mjs');
  if (!existsSync(wxt)) throw new Error('WXT is not installed: run `npm ci` in the ProofTrail folder first.');
  execFileSync(process.execPath, [wxt, 'build', '-b', 'firefox', '--mode', 'automation'], {
    cwd: PROJECT_ROOT,
    stdio: 'pipe',
  });
}
