import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../lib/formats/manifest';
import type { StaticServer } from '../../node/demo/static-server';
import { exporterFingerprint } from '../../node/fixtures/team-bundle';
import { runCli, startFixtureSite, tempDir } from './support';

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

const manifestOf = (path: string) =>
  JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(path))['manifest.json'])) as BundleManifest;

describe('npx prooftrail export / import over a profile', () => {
  const dir = tempDir('cli-library');
  const dana = join(dir, 'dana-profile');
  const carol = join(dir, 'carol-profile');
  const danaAll = join(dir, 'dana-all.zip');

  it('keeps captures in a profile and exports a scope of them, with its PDF report', async () => {
    for (const [page, control] of [
      ['review.html', 'A.5.18'],
      ['change.html', 'A.8.32'],
    ] as const) {
      const r = await runCli([
        'capture',
        '--profile',
        dana,
        '--url',
        `${site.origin}/${page}`,
        '--control',
        control,
        '--capturer',
        'Dana Reyes <dana@example.test>',
        '--out',
        join(dir, `${control}.zip`),
      ]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.status).toBe(0);
    }
    const scoped = join(dir, 'a832.zip');
    const pdf = join(dir, 'a832.pdf');
    const r = await runCli([
      'export',
      '--profile',
      dana,
      '--control',
      'A.8.32',
      '--out',
      scoped,
      '--pdf',
      pdf,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([scoped, pdf]);
    const m = manifestOf(scoped);
    expect(m.captureCount).toBe(1);
    expect(m.scope).toEqual({ kind: 'selection', controlIds: ['A.8.32'] });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const all = await runCli([
      'export',
      '--profile',
      dana,
      '--capturer',
      'DANA@example.test',
      '--out',
      danaAll,
    ]);
    expect(all.status).toBe(0);
    expect(manifestOf(danaAll).captureCount).toBe(2);
    expect((await runCli(['verify', danaAll])).status).toBe(0);
  });

  it('exports with --layout write-once: each capture once under captures/, and verify says format 9, write-once', async () => {
    const once = join(dir, 'dana-once.zip');
    const r = await runCli(['export', '--profile', dana, '--layout', 'write-once', '--out', once]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
    const m = manifestOf(once);
    expect(m).toMatchObject({ formatVersion: 9, layout: 'write-once', captureCount: 2 });
    expect(m.files.filter((f) => f.role === 'image').every((f) => f.path.startsWith('captures/'))).toBe(true);
    expect(m.files.filter((f) => f.role === 'control-index').map((f) => f.path)).toEqual([
      'controls/A.5.18/captures.csv',
      'controls/A.8.32/captures.csv',
    ]);
    const v = await runCli(['verify', once]);
    expect(v.stdout).toMatch(/^OK .*2 captures match the manifest \(format 9, write-once layout,/);
    expect(v.status).toBe(0);
  });

  it('imports into another profile, refuses a tampered bundle with the report, and re-exports', async () => {
    const files = unzipSync(readFileSync(danaAll));
    const json = Object.keys(files).find((p) => p.startsWith('controls/') && p.endsWith('.json'))!;
    files[json] = new TextEncoder().encode(
      new TextDecoder().decode(files[json]).replace('Dana Reyes', 'Mallory'),
    );
    const tampered = join(dir, 'tampered.zip');
    writeFileSync(tampered, zipSync(files));
    const refused = await runCli([
      'import',
      '--profile',
      carol,
      '--as',
      'Carol <carol@example.test>',
      tampered,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('tampered.zip did not verify, so nothing was imported');
    expect(refused.stderr).toContain(`FAIL ${json}`);

    const dana = exporterFingerprint(readFileSync(danaAll));
    const untrusted = await runCli([
      'import',
      '--profile',
      carol,
      '--as',
      'Carol <carol@example.test>',
      danaAll,
    ]);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toContain(`pass --trust ${dana}`);
    const ok = await runCli([
      'import',
      '--profile',
      carol,
      '--as',
      'Carol <carol@example.test>',
      '--trust',
      dana,
      danaAll,
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('Imported 2 captures from dana-all.zip.');
    const again = join(dir, 'carol.zip');
    const r = await runCli(['export', '--profile', carol, '--framework', 'iso27001', '--out', again]);
    expect(r.status).toBe(0);
    const v = await runCli(['verify', again]);
    expect(v.stdout).toMatch(/^OK .*2 captures.*1 imported ledger intact/);
  });

  it.each([
    [['export', '--out', 'x.zip'], '--profile DIR is required'],
    [['export', '--profile', 'p', '--out', 'x.txt'], 'must end in .zip'],
    [
      ['export', '--profile', 'p', '--out', 'x.zip', '--from', '2026-13-01'],
      '--from "2026-13-01" is not a date',
    ],
    [
      ['export', '--profile', 'p', '--out', 'x.zip', '--from', '2026-05-01', '--to', '2026-04-01'],
      'is after --to',
    ],
    [['export', '--profile', 'p', '--out', 'x.zip', '--capturer', 'nobody'], 'is not an e-mail address'],
    [
      ['export', '--profile', 'p', '--out', 'x.zip', '--layout', 'flat'],
      '--layout "flat" is not a layout: use per-control or write-once',
    ],
    [['import', '--profile', 'p'], 'name at least one bundle'],
    [['import', '--profile', 'p', 'missing.zip'], '"missing.zip" does not exist'],
    [['pdf'], 'name one bundle'],
  ])('rejects %j with a clear message', async (args, message) => {
    const r = await runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('says so when the profile holds no evidence or the scope matches nothing', async () => {
    const none = await runCli(['export', '--profile', join(dir, 'nowhere'), '--out', join(dir, 'n.zip')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no ProofTrail profile at');
    const nothing = await runCli([
      'export',
      '--profile',
      dana,
      '--control',
      'A.9.9',
      '--out',
      join(dir, 'n.zip'),
    ]);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('no evidence in this library is tagged to control "A.9.9"');
    expect(existsSync(join(dir, 'n.zip'))).toBe(false);
  });
});
