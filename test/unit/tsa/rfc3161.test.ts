import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeStampRequest } from '../../../lib/tsa/request';
import { readTimeStampResponse, verifyTimeStamp } from '../../../lib/tsa/response';
import { makeTsaCertificates, startTestTsa, type TestTsa } from '../../support/openssl-tsa';

const run = promisify(execFile);
let tsa: TestTsa;
let otherCa: Uint8Array;

beforeAll(async () => {
  tsa = await startTestTsa();
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-other-ca-'));
  await makeTsaCertificates(dir, 'Someone Else');
  await run('openssl', ['x509', '-in', 'ca.crt', '-outform', 'DER', '-out', 'ca.der'], { cwd: dir });
  otherCa = new Uint8Array(readFileSync(join(dir, 'ca.der')));
}, 60_000);
afterAll(async () => {
  await tsa?.close();
});

async function stamp(data: Uint8Array): Promise<ArrayBuffer> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource));
  const res = await fetch(tsa.url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: buildTimeStampRequest(digest),
  });
  expect(res.status).toBe(200);
  return res.arrayBuffer();
}

describe('RFC 3161 timestamps against a real OpenSSL TSA', () => {
  const data = new TextEncoder().encode('{"v":1,"seq":1}');

  it('requests a stamp over the hash only, and reads its time, imprint and TSA', async () => {
    const before = Date.now();
    const info = readTimeStampResponse(await stamp(data));
    expect(Math.abs(new Date(info.genTime).getTime() - before)).toBeLessThan(10_000);
    expect(info.imprint).toBe(
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(''),
    );
    expect(info.tsaName).toContain('ProofTrail Test TSA');
    expect(info.certificates.length).toBeGreaterThanOrEqual(1);
  });

  it('verifies against the right root, and only that one', async () => {
    const reply = await stamp(data);
    expect(await verifyTimeStamp(reply, data, [tsa.caDer])).toMatchObject({ ok: true });
    const wrongCa = await verifyTimeStamp(reply, data, [otherCa]);
    expect(wrongCa.ok).toBe(false);
    const wrongData = await verifyTimeStamp(reply, new TextEncoder().encode('{"v":1,"seq":2}'), [tsa.caDer]);
    expect(wrongData).toMatchObject({ ok: false, error: expect.stringMatching(/not this data/) });
  });

  it('rejects altered token bytes and non-DER input with a message', async () => {
    const reply = new Uint8Array(await stamp(data));
    const altered = reply.slice();
    altered[altered.length - 10] = altered[altered.length - 10]! ^ 0xff;
    expect((await verifyTimeStamp(altered.buffer, data, [tsa.caDer])).ok).toBe(false);
    expect(
      await verifyTimeStamp(new TextEncoder().encode('not der').buffer, data, [tsa.caDer]),
    ).toMatchObject({ ok: false });
  });

  it('makes tokens that stock OpenSSL verifies: openssl ts -verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prooftrail-ts-verify-'));
    writeFileSync(join(dir, 'entry.json'), data);
    writeFileSync(join(dir, 'entry.tsr'), new Uint8Array(await stamp(data)));
    writeFileSync(join(dir, 'ca.pem'), tsa.caPem);
    const { stdout } = await run(
      'openssl',
      ['ts', '-verify', '-data', 'entry.json', '-in', 'entry.tsr', '-CAfile', 'ca.pem'],
      { cwd: dir },
    );
    expect(stdout).toContain('Verification: OK');
  });
});
