import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../../lib/formats/manifest';
import { sha256Sums } from '../../../lib/formats/sha256sums';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('SHA256SUMS (format 9)', () => {
  it.each(['per-control', 'write-once'] as const)(
    'a %s bundle carries it: every listed file but itself, in manifest order, as sha256sum writes it, signed through the manifest',
    async (layout) => {
      const db = freshDb();
      await storeCapture(db, { controlIds: ['A.5.18', 'CC6.3'] });
      const bytes = (await exportToBytes(db, { layout })).bytes;
      const files = unzipSync(bytes);
      const manifest = JSON.parse(dec(files['manifest.json']!)) as BundleManifest;
      expect(manifest).toMatchObject({ formatVersion: 9, layout });
      const sums = files.SHA256SUMS!;
      const text = dec(sums);
      // Listed last in the manifest, with its own hash and size.
      expect(manifest.files.at(-1)).toEqual({
        path: 'SHA256SUMS',
        role: 'checksums',
        sha256: hex(sums),
        size: sums.byteLength,
      });
      // One `<hex>  <path>\n` line per other listed file, in the manifest's order, LF only.
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r');
      const lines = text.slice(0, -1).split('\n');
      expect(lines).toEqual(manifest.files.slice(0, -1).map((f) => `${f.sha256}  ${f.path}`));
      // Each line's hash is that file's bytes.
      for (const line of lines) {
        const [sha, path] = line.split('  ') as [string, string];
        expect(hex(files[path]!), path).toBe(sha);
      }
      // What it does not name: itself and the four files the manifest cannot list.
      const named = new Set(lines.map((l) => l.split('  ')[1]));
      const exportSeq = String(manifest.files.filter((f) => f.role === 'ledger-entry').length + 1).padStart(
        6,
        '0',
      );
      expect(
        Object.keys(files)
          .filter((p) => !named.has(p))
          .sort(),
      ).toEqual(['SHA256SUMS', 'ledger.jsonl', `ledger/${exportSeq}.json`, 'manifest.json']);
      const report = await verifyBundle(await readZip(bytes));
      expect(report.problems).toEqual([]);
      expect(report.summary).toMatchObject({ formatVersion: 9, layout });
      // The README names the stock-tools check.
      expect(dec(files['README-AUDITOR.txt']!)).toContain('sha256sum -c SHA256SUMS');
    },
  );

  it('escapes a path holding a backslash or a line break as GNU sha256sum does', () => {
    const h = 'a'.repeat(64);
    expect(
      dec(
        sha256Sums([
          { path: 'plain.png', sha256: h },
          { path: 'odd\\name\nx', sha256: h },
          { path: 'SHA256SUMS', sha256: h },
        ]),
      ),
    ).toBe(`${h}  plain.png\n\\${h}  odd\\\\name\\nx\n`);
  });
});
