#!/usr/bin/env node
// Builds what the npm package runs (`npm pack` runs this as `prepack`; docs/releasing.md):
//   dist/cli/main.mjs (and its chunks): the CLI compiled and bundled with every library it uses, so
//     an installed package needs no dependency, no TypeScript and no network. Only playwright-core
//     stays outside (an optional peer dependency): the commands that drive a browser load it when
//     they run, and say how to install it when it is missing.
//   dist/verify.html: the self-contained verifier page, built as the one every bundle carries
//     (`prooftrail verify-page --out verify.html` writes it).
//   .output/chrome-mv3-automation/: the extension the browser commands (capture, export, import…)
//     load into Chromium, built afresh (`wxt build --mode automation`). With
//     PROOFTRAIL_PACK_REUSE_BUILD=1 an existing build is packed as it is (the end-to-end test,
//     whose global setup has just built it from the same sources).
// The source tree's own `npx prooftrail` does not use dist/: node/cli/bin.mjs runs the sources.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildVerifyPage } from './build-verify-page.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
/** Where the CLI's modules go: two folders down, as node/cli/ is, so paths from the root are the same. */
const cliDir = join(dist, 'cli');

/** Commands that only make sense in a source checkout: the package answers them with this. */
const SOURCE_ONLY = {
  'node/bench/run-bench.ts': ['runBench', 'bench'],
  'node/cli/demo-command.ts': ['runDemo', 'demo'],
};

/**
 * esbuild plugin: `import.meta.url` in a source module becomes that module's URL inside the
 * installed package (computed from the chunk's own URL at run time, never the build machine's
 * path), so paths derived from it (the project root) are the package's.
 */
const packageModuleUrls = {
  name: 'package-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|mjs)$/ }, (args) => {
      if (args.path.includes(join('node_modules', ''))) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = JSON.stringify(relative(root, args.path).split('\\').join('/'));
      const url = `new URL(${rel}, new URL('../../', import.meta.url)).href`;
      const loader = args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.mjs') ? 'js' : 'ts';
      return { contents: text.replaceAll('import.meta.url', `(${url})`), loader };
    });
  },
};

/** esbuild plugin: the source-only commands become one that explains where they run. */
const sourceOnlyCommands = {
  name: 'source-only-commands',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
      const rel = relative(root, args.path).split('\\').join('/');
      const only = SOURCE_ONLY[rel];
      if (!only) return undefined;
      const [fn, command] = only;
      const message = `"prooftrail ${command}" runs from a source checkout of ProofTrail (git clone, then npm ci), not from the npm package`;
      return {
        contents: `export async function ${fn}() { console.error(${JSON.stringify(message)}); return 2; }`,
        loader: 'js',
      };
    });
  },
};

/** Builds dist/; returns the files written. */
export async function buildPackage() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(cliDir, { recursive: true });
  await build({
    entryPoints: { main: join(root, 'node', 'cli', 'main.ts') },
    outdir: cliDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['playwright-core'],
    // Libraries written for CommonJS call require(); give the ES modules one.
    banner: {
      js: "import { createRequire as __ptRequire } from 'node:module'; const require = __ptRequire(import.meta.url);",
    },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'error',
    plugins: [sourceOnlyCommands, packageModuleUrls],
  });
  const extension = join(root, '.output', 'chrome-mv3-automation');
  if (process.env.PROOFTRAIL_PACK_REUSE_BUILD !== '1' || !existsSync(join(extension, 'manifest.json')))
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'build', '--mode', 'automation'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  const page = await buildVerifyPage();
  copyFileSync(page, join(dist, 'verify.html'));
  return [join(cliDir, 'main.mjs'), join(dist, 'verify.html'), join(extension, 'manifest.json')];
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  for (const file of await buildPackage()) console.log(`${relative(root, file)}`);
