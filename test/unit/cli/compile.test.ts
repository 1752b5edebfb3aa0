import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without type declarations
import { compiledCli } from '../../../node/cli/compile.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('the compiled CLI', () => {
  it('is compiled once per state of the sources, and again when a source changes', async () => {
    const first: string = await compiledCli();
    expect(first).toMatch(/main\.js$/);
    expect(await compiledCli()).toBe(first);

    // An edit under lib/ (here: a newer modification time) makes a new compilation.
    const source = join(root, 'lib', 'csv', 'start-lines.ts');
    const before = await stat(source);
    try {
      utimesSync(source, before.atime, new Date(Date.now() + 5_000));
      const second: string = await compiledCli();
      expect(second).not.toBe(first);
      await stat(fileURLToPath(second));
    } finally {
      utimesSync(source, before.atime, before.mtime);
    }
    expect(await compiledCli()).toBe(first);
  });

  it("keeps each module's own import.meta.url, so paths computed from it are the sources' paths", async () => {
    const entry: string = await compiledCli();
    const dir = dirname(fileURLToPath(entry));
    const compiled = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(compiled).not.toContain('import.meta.url');
    expect(compiled).toContain(
      JSON.stringify(pathToFileURL(join(root, 'node/automation/build-extension.ts')).href),
    );
  });

  it('runs the commands', async () => {
    const { main } = await import(await compiledCli());
    const logs: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    try {
      expect(await main(['--help'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(logs.join('\n')).toContain('prooftrail verify FILE.zip');
  });
});
