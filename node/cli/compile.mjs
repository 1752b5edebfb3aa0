// Compiles the CLI's TypeScript (node/cli/main.ts and everything it imports from node/ and lib/)
// into plain JavaScript with esbuild, once per change of the sources: tsx would transpile every
// module again on every run, which cost an auditor's `verify` about half a second of start-up.
// Packages stay external (loaded from node_modules as they are). The compiled modules are kept in
// node_modules/.cache/prooftrail-cli/, one folder per state of the sources; a run whose sources
// changed (any file under lib/ or node/ added, removed or modified) compiles them again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = join(root, 'node_modules', '.cache', 'prooftrail-cli');
const SOURCE_DIRS = ['lib', 'node'];
const SOURCE = /\.(ts|tsx|mjs|js|json)$/;

/** Newest modification time and number of the CLI's possible sources: changes when any is edited, added or removed. */
function sourceStamp() {
  let newest = 0;
  let count = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name)) {
        count++;
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return `${count}:${newest}`;
}

/**
 * esbuild plugin: each module's `import.meta.url` stays the URL of its own source file, so paths
 * computed from it (the project root, the bench's page entries) are the same compiled or not.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.(ts|tsx|mjs)$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      const loader = args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.mjs') ? 'js' : 'ts';
      return { contents: text.replaceAll('import.meta.url', url), loader };
    });
  },
};

/** The compiled entry's file URL, compiling first when the sources changed; undefined without esbuild. */
export async function compiledCli() {
  const stamp = sourceStamp();
  // One folder per state of the sources, never changed once made: a CLI that is running keeps
  // loading its own chunks while another, started after an edit, compiles the new state beside it.
  const home = join(cache, createHash('sha256').update(root).digest('hex').slice(0, 16));
  const dir = join(home, createHash('sha256').update(stamp).digest('hex').slice(0, 16));
  const entry = pathToFileURL(join(dir, 'main.js')).href;
  if (existsSync(join(dir, 'main.js'))) return entry;
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const fresh = join(home, `building-${process.pid}-${Date.now()}`);
  await esbuild.build({
    entryPoints: [join(root, 'node', 'cli', 'main.ts')],
    outdir: fresh,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'error',
    plugins: [keepModuleUrls],
  });
  try {
    renameSync(fresh, dir);
  } catch {
    // another CLI compiled the same sources first: theirs is identical
    rmSync(fresh, { recursive: true, force: true });
  }
  removeStale(home, dir);
  return entry;
}

/** Drops compilations of earlier sources once they are an hour old (a CLI still running from one is done by then). */
function removeStale(home, keep) {
  for (const name of readdirSync(home)) {
    const path = join(home, name);
    if (path !== keep && Date.now() - statSync(path).mtimeMs > 3_600_000)
      rmSync(path, { recursive: true, force: true });
  }
}
