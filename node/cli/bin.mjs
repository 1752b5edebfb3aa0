#!/usr/bin/env node
// Entry point of `npx prooftrail`. In a source checkout (node/cli/main.ts is here): runs the CLI
// compiled by esbuild (compile.mjs, redone whenever the sources change), or through tsx when
// esbuild is not installed. In the npm package: runs dist/cli/main.mjs, the CLI built by
// node/scripts/build-package.mjs with every library it needs bundled in.
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let main;
if (!existsSync(new URL('./main.ts', import.meta.url))) ({ main } = await import('../../dist/cli/main.mjs'));
else {
  const { compiledCli } = await import('./compile.mjs');
  const compiled = await compiledCli();
  if (compiled) ({ main } = await import(compiled));
  else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('./main.ts'));
  }
}
process.exitCode = await main(process.argv.slice(2), {
  version: pkg.version,
  playwrightCore: pkg.peerDependencies?.['playwright-core'],
});
