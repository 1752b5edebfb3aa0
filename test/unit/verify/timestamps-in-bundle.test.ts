import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCapture } from '../../../lib/db/captures-repo';
import { setTsaSettings } from '../../../lib/db/tsa-settings-repo';
import { importBundle } from '../../../lib/import/import-bundle';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { captureDraft } from '../../../lib/ledger/drafts';
import { drainTimestampQueue } from '../../../lib/tsa/queue';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { startTestTsa, type TestTsa } from '../../support/openssl-tsa';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb } from '../helpers';

type Files = Record<string, Uint8Array>;
let tsa: TestTsa;
let otherTsa: TestTsa;
let files: Files;

/** Two captures, stamped by the test TSA; the second entry made with a local clock 10 minutes slow. */
beforeAll(async () => {
  tsa = await startTestTsa();
  otherTsa = await startTestTsa();
  const db = freshDb();
  await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000 });
  for (const offset of [0, -10 * 60_000]) {
    const r = await sampleRecord(undefined, { note: `offset ${offset}` });
    await commitWithLedger(
      db,
      captureDraft(r, r.capturer),
      [db.captures, db.images, db.pageContext],
      () => saveCapture(db, r, new Blob([new Uint8Array([1, 2, 3])])),
      () => new Date(Date.now() + offset),
    );
  }
  expect(await drainTimestampQueue(db)).toBe(2);
  const out = await exportToBytes(db);
  files = unzipSync(out.bytes);
}, 60_000);
afterAll(async () => {
  await tsa?.close();
  await otherTsa?.close();
});

const verify = (f: Files, roots?: Uint8Array[]) =>
  verifyBundle(readZip(zipSync(f, { level: 0 })), { trustedTsaRoots: roots });

describe('timestamp tokens in a bundle', () => {
  it("carries a token per entry, the TSA chain and the auditors' guide", () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'ledger/000001.tsr',
        'ledger/000002.tsr',
        'tsa-chain.pem',
        'README-AUDITOR.txt',
      ]),
    );
    expect(new TextDecoder().decode(files['README-AUDITOR.txt'])).toContain(
      'openssl ts -verify -data ledger/000001.json -in ledger/000001.tsr',
    );
  });

  it('verifies against the trusted root and flags only the skewed entry', async () => {
    const r = await verify(files, [tsa.caDer]);
    expect(r.problems).toEqual([]);
    expect(r.summary.stampedEntries).toBe(2);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/entry 2: the local clock said .* \((599|600|601) s apart/),
    ]);
  });

  it('fails against a root the auditor trusts that did not issue the TSA', async () => {
    const r = await verify(files, [otherTsa.caDer]);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({
      path: 'ledger/000001.tsr',
      message: expect.stringMatching(/does not verify/),
    });
  });

  it('without a trusted root, checks tokens against the certificates they carry and says so', async () => {
    const r = await verify(files);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/not a root you trust: pass --tsa-ca/);
  });

  it.each<[string, (f: Files) => void, RegExp]>([
    [
      'a token from another entry',
      (f) => {
        f['ledger/000001.tsr'] = f['ledger/000002.tsr']!.slice();
      },
      /ledger\/000001\.tsr: does not verify for ledger entry 1: .*not this data/,
    ],
    [
      'token bytes altered',
      (f) => {
        const t = f['ledger/000001.tsr']!.slice();
        t[t.length - 20] = t[t.length - 20]! ^ 0xff;
        f['ledger/000001.tsr'] = t;
      },
      /ledger\/000001\.tsr/,
    ],
  ])('detects %s', async (_, tamper, message) => {
    const f = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice()]));
    tamper(f);
    const r = await verify(f, [tsa.caDer]);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(message);
  });

  it('travel with imported captures: a collector’s re-export carries them and they still verify', async () => {
    const collector = freshDb();
    const r = await importBundle(collector, zipSync(files, { level: 0 }), {
      fileName: 'dana.zip',
      actor: { name: 'Carol', email: 'carol@example.com' },
    });
    expect(r.imported).toHaveLength(2);
    expect(await collector.foreignTokens.count()).toBe(2);
    const again = unzipSync((await exportToBytes(collector)).bytes);
    const folder = Object.keys(again)
      .find((p) => p.startsWith('signers/'))!
      .split('/')
      .slice(0, 2)
      .join('/');
    expect(Object.keys(again)).toEqual(
      expect.arrayContaining([`${folder}/ledger/000001.tsr`, `${folder}/ledger/000002.tsr`]),
    );
    const report = await verify(again, [tsa.caDer]);
    expect(report.problems).toEqual([]);
    expect(report.summary.signers?.find((s) => s.entries === 2)?.stamped).toBe(2);
  });
});
