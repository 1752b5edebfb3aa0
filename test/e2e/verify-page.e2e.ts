import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../../lib/automation/launch';
import type { StaticServer } from '../../lib/demo/static-server';
import { launch, runCli, startFixtureSite, tempDir, writeEntries } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
let bundle: string;
beforeAll(async () => {
  site = await startFixtureSite();
  bundle = join(tempDir('viewer'), 'evidence.zip');
  const r = await runCli([
    'capture',
    '--url',
    `${site.origin}/review.html`,
    '--control',
    'A.5.18',
    '--capturer',
    'A B <a@b.test>',
    '--out',
    bundle,
  ]);
  expect(r.status).toBe(0);
  b = await launch();
});
afterAll(async () => {
  await b?.close();
  await site?.close();
});

async function resultOf(
  viewer: string,
  pick: (page: import('playwright-core').Page) => Promise<void>,
): Promise<string[]> {
  const page = await b.context.newPage();
  await page.goto(`file://${viewer}`);
  await pick(page);
  const result = page.locator('#result');
  await result.filter({ hasNotText: /Checking|No bundle checked/ }).waitFor();
  const lines = await result.locator('li').allTextContents();
  await page.close();
  return lines;
}

describe('verify.html inside every bundle (offline, no install)', () => {
  it('shows the same result as the CLI for the ZIP and for the unzipped folder', async () => {
    const entries = unzipSync(readFileSync(bundle));
    expect(Object.keys(entries)).toContain('verify.html');
    const dir = writeEntries(entries);
    const cli = await runCli(['verify', bundle]);
    expect(cli.status).toBe(0);
    const fromZip = await resultOf(join(dir, 'verify.html'), (p) => p.locator('#zip').setInputFiles(bundle));
    expect(fromZip).toEqual(cli.stdout.trim().split('\n'));
    const fromFolder = await resultOf(join(dir, 'verify.html'), (p) =>
      p.locator('#folder').setInputFiles(dir),
    );
    expect(fromFolder[0]).toMatch(/^OK evidence\/: .* captures match the manifest/);
  });

  it('names the tampered file, as the CLI does', async () => {
    const entries = unzipSync(readFileSync(bundle));
    const png = Object.keys(entries).find((k) => k.endsWith('.png'))!;
    entries[png]![60] = entries[png]![60]! ^ 0xff;
    const tampered = join(tempDir('tampered'), 'evidence.zip');
    writeFileSync(tampered, zipSync(entries));
    const cli = await runCli(['verify', tampered]);
    expect(cli.status).toBe(1);
    const dir = writeEntries(unzipSync(readFileSync(bundle)));
    const lines = await resultOf(join(dir, 'verify.html'), (p) => p.locator('#zip').setInputFiles(tampered));
    expect(lines).toEqual(cli.stderr.trim().split('\n'));
    expect(lines.join('\n')).toContain(`FAIL ${png}: SHA-256`);
  });
});
