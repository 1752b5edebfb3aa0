import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is node/automation/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where `wxt build` writes each build. */
export const BUILD_DIRS = {
  production: join(PROJECT_ROOT, '.output/chrome-mv3'),
  automation: join(PROJECT_ROOT, '.output/chrome-mv3-automation'),
} as const;

export type BuildMode = keyof typeof BUILD_DIRS;

/** Builds the Chrome extension in a mode when asked to, or when there is no build yet; returns its folder. */
export function ensureExtensionBuilt(
  mode: BuildMode,
  options: { force?: boolean; quiet?: boolean } = {},
): string {
  const dir = BUILD_DIRS[mode];
  if (options.force || !existsSync(join(dir, 'manifest.json'))) {
    const wxt = join(PROJECT_ROOT, 'node_modules/wxt/bin/wxt.mjs');
    if (!existsSync(wxt))
      throw new Error('WXT is not installed: run `npm ci` in the ProofTrail folder first.');
    execFileSync(process.execPath, [wxt, 'build', '--mode', mode], {
      cwd: PROJECT_ROOT,
      stdio: options.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'],
    });
  }
  return dir;
}
