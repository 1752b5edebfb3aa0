import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../node/demo/static-server';
import { expectExit, runCli, startFixtureSite, tempDir } from './support';

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

describe('npx prooftrail', () => {
  const dir = tempDir('cli');
  const out = join(dir, 'change-evidence.zip');

  it('captures a local page through the extension and writes a bundle that verifies', async () => {
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/change.html`,
      '--control',
      'A.8.32',
      '--control',
      'CC8.1',
      '--note',
      'CHG-7 approval',
      '--capturer',
      'Casey Auditor <casey@example.test>',
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectExit(r, 0);
    expect(r.stdout.trim()).toBe(out);
    const entries = unzipSync(readFileSync(out));
    const meta = Object.entries(entries).find(
      ([p]) => p.startsWith('controls/A.8.32/') && p.endsWith('.json'),
    )!;
    const record = JSON.parse(new TextDecoder().decode(meta[1]));
    expect(record).toMatchObject({
      controlIds: ['A.8.32', 'CC8.1'],
      note: 'CHG-7 approval',
      capturer: { name: 'Casey Auditor', email: 'casey@example.test' },
      pageTitle: 'Change CHG-7 approved',
    });
    const v = await runCli(['verify', out, '--json']);
    expectExit(v, 0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, problems: [], summary: { captures: 1 } });
  });

  it.each([
    [['--full-page'], 'full-page', 'scroll-stitch'],
    [['--element', '#scroller'], 'element', 'scroll-stitch'],
  ])('captures with %j', async (flags, mode, method) => {
    const file = join(dir, `${mode}.zip`);
    const page = mode === 'full-page' ? 'long.html' : 'scroller.html';
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/${page}`,
      '--control',
      'A.8.15',
      ...flags,
      '--capturer',
      'A B <a@b.test>',
      '--out',
      file,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectExit(r, 0);
    const entries = unzipSync(readFileSync(file));
    const meta = JSON.parse(
      new TextDecoder().decode(
        Object.entries(entries).find(([n]) => n.endsWith('.json') && n.includes('/'))![1],
      ),
    );
    expect(meta).toMatchObject({ captureMode: mode, method });
  });

  it('names the tampered file when a bundle was changed', async () => {
    const entries = unzipSync(readFileSync(out));
    const png = Object.keys(entries).find((p) => p.endsWith('.png'))!;
    entries[png] = entries[png]!.slice();
    entries[png]![100] = entries[png]![100]! ^ 1;
    const tampered = join(dir, 'tampered.zip');
    writeFileSync(tampered, zipSync(entries));
    const r = await runCli(['verify', tampered]);
    expectExit(r, 1);
    expect(r.stderr).toContain(`FAIL ${png}: SHA-256`);
  });

  it.each([
    [['capture', '--control', 'A.5.1', '--out', 'x.zip'], 2, '--url is required'],
    [
      ['capture', '--url', 'ftp://example.test/', '--control', 'A.5.1', '--out', 'x.zip'],
      2,
      '--url must be http or https',
    ],
    [['capture', '--url', 'http://127.0.0.1:9/', '--out', 'x.zip'], 2, 'at least one --control is required'],
    [
      ['capture', '--url', 'http://127.0.0.1:9/', '--control', 'A.5.1', '--out', 'x.txt'],
      2,
      'must end in .zip',
    ],
    [
      [
        'capture',
        '--url',
        'http://127.0.0.1:9/',
        '--control',
        'A.5.1',
        '--capturer',
        'nobody',
        '--out',
        'x.zip',
      ],
      2,
      'NAME <EMAIL>',
    ],
    [['capture', '--bogus'], 2, "Unknown option '--bogus'"],
    [['frobnicate'], 2, 'unknown command "frobnicate"'],
    [
      [
        'capture',
        '--url',
        'http://127.0.0.1:9/',
        '--control',
        'A.5.1',
        '--full-page',
        '--element',
        'x',
        '--out',
        'x.zip',
      ],
      2,
      'not both',
    ],
  ])('rejects bad arguments %j', async (args, status, message) => {
    const r = await runCli(args as string[]);
    expectExit(r, status);
    expect(r.stderr).toContain(message);
  });

  it('fails clearly when the page cannot be reached', async () => {
    const r = await runCli([
      'capture',
      '--url',
      'http://127.0.0.1:9/',
      '--control',
      'A.5.1',
      '--capturer',
      'A <a@b.c>',
      '--out',
      join(dir, 'x.zip'),
    ]);
    expectExit(r, 1);
    expect(r.stderr).toContain('could not open http://127.0.0.1:9/');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails clearly on an unknown control', async () => {
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/change.html`,
      '--control',
      'Z.99',
      '--capturer',
      'A <a@b.c>',
      '--out',
      join(dir, 'y.zip'),
    ]);
    expectExit(r, 1);
    expect(r.stderr).toContain('Control "Z.99" is not in any catalog');
  });
});
