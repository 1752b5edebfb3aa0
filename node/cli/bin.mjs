#!/usr/bin/env node
// Entry point of `npx prooftrail`: runs the CLI compiled by esbuild (compile.mjs, redone whenever
// the sources change), or through tsx when esbuild is not installed.
import { compiledCli } from './compile.mjs';

const compiled = await compiledCli();
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
