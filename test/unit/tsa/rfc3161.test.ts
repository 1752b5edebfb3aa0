import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeStampRequest, newNonce } from '../../../lib/tsa/request';
import { readTimeStampResponse, verifyTimeStamp } from '../../../lib/tsa/response';
import { makeTsaCertificates, startTestTsa, type TestTsa, type TsaProfile } from '../../support/openssl-tsa';

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

const sha256 = async (data: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', data.slice()));

/** A reply over `data` from the test TSA, answered as `profile`, with the nonce sent. */
async function stamp(
  data: Uint8Array,
  profile: TsaProfile = 'good',
  nonce = newNonce(),
): Promise<Uint8Array> {
  return tsa.reply(new Uint8Array(buildTimeStampRequest(await sha256(data), nonce)), profile);
}

/** What stock `openssl ts -verify -data` says of a reply, trusting the test root. */
async function opensslVerify(data: Uint8Array, reply: Uint8Array): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-ts-verify-'));
  writeFileSync(join(dir, 'entry.json'), data);
  writeFileSync(join(dir, 'entry.tsr'), reply);
  writeFileSync(join(dir, 'ca.pem'), tsa.caPem);
  try {
    const { stdout } = await run(
      'openssl',
      ['ts', '-verify', '-data', 'entry.json', '-in', 'entry.tsr', '-CAfile', 'ca.pem'],
      { cwd: dir },
    );
    return stdout;
  } catch (e) {
    const { stdout, stderr } = e as { stdout: string; stderr: string };
    return `${stdout}\n${stderr}`;
  }
}

describe('RFC 3161 timestamps against a real OpenSSL TSA', () => {
  const data = new TextEncoder().encode('{"v":1,"seq":1}');

  it('requests a stamp over the hash only (HTTP), and reads its time, imprint, nonce and TSA', async () => {
    const before = Date.now();
    const nonce = newNonce();
    const res = await fetch(tsa.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: buildTimeStampRequest(await sha256(data), nonce),
    });
    expect(res.status).toBe(200);
    const info = readTimeStampResponse(await res.arrayBuffer());
    expect(Math.abs(new Date(info.genTime).getTime() - before)).toBeLessThan(10_000);
    expect(info.imprint).toBe(Buffer.from(await sha256(data)).toString('hex'));
    expect(info.nonce).toBe(Buffer.from(nonce).toString('hex'));
    expect(info.tsaName).toContain('ProofTrail Test TSA');
    expect(info.certificates.length).toBeGreaterThanOrEqual(1);
  });

  it('verifies against the right root; another root makes it an unknown root, never a trusted one', async () => {
    const nonce = newNonce();
    const reply = await stamp(data, 'good', nonce);
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [tsa.caDer], nonce })).toMatchObject({
      ok: true,
      rootTrusted: true,
      info: { tsaName: expect.stringContaining('ProofTrail Test TSA') },
    });
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [otherCa] })).toMatchObject({
      ok: true,
      rootTrusted: false,
      reason: expect.stringMatching(/root "CN=ProofTrail Test Root CA" is not a trusted TSA root/),
    });
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [] })).toMatchObject({ rootTrusted: false });
    const wrongData = await verifyTimeStamp(reply, new TextEncoder().encode('{"v":1,"seq":2}'), {
      trustedRoots: [tsa.caDer],
    });
    expect(wrongData).toEqual({ ok: false, error: expect.stringMatching(/not this data/) });
  });

  it('refuses a reply with another nonce than the one sent (a reply to another request)', async () => {
    const reply = await stamp(data, 'good', newNonce());
    const r = await verifyTimeStamp(reply, data, { trustedRoots: [tsa.caDer], nonce: newNonce() });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/nonce is not the one sent/) });
  });

  it('refuses a token signed by a certificate without the timeStamping purpose, as openssl ts -verify does', async () => {
    // The forging itself is sound: the same re-signing with the genuine TSA certificate passes both.
    const resigned = await stamp(data, 'resigned');
    expect(await opensslVerify(data, resigned)).toContain('Verification: OK');
    expect(await verifyTimeStamp(resigned, data, { trustedRoots: [tsa.caDer] })).toMatchObject({
      ok: true,
      rootTrusted: true,
    });

    const noEku = await stamp(data, 'no-eku');
    const openssl = await opensslVerify(data, noEku);
    expect(openssl).toContain('Verification: FAILED');
    expect(openssl).toMatch(/unsuitable certificate purpose/);
    for (const trustedRoots of [[tsa.caDer], []])
      expect(await verifyTimeStamp(noEku, data, { trustedRoots })).toEqual({
        ok: false,
        error: expect.stringMatching(/"CN=ProofTrail Test Code Signer.*has no extendedKeyUsage/),
      });

    const lax = await stamp(data, 'eku-not-critical');
    expect(await opensslVerify(data, lax)).toContain('Verification: FAILED');
    expect(await verifyTimeStamp(lax, data, { trustedRoots: [tsa.caDer] })).toEqual({
      ok: false,
      error: expect.stringMatching(/extendedKeyUsage extension that is not critical/),
    });
  });

  it('refuses a token whose TSA certificate had expired at genTime, as openssl ts -verify does', async () => {
    const reply = await stamp(data, 'expired');
    expect(await opensslVerify(data, reply)).toMatch(/certificate has expired/);
    for (const trustedRoots of [[tsa.caDer], []])
      expect(await verifyTimeStamp(reply, data, { trustedRoots })).toEqual({
        ok: false,
        error: expect.stringMatching(
          /"CN=ProofTrail Test Expired TSA" had expired at the token's time .* \(valid until 2020-02-01T00:00:00.000Z\)/,
        ),
      });
  });

  it('accepts a chain without its root (as public TSAs send it) as an unknown root, and as trusted with the root given', async () => {
    const nonce = newNonce();
    const reply = await stamp(data, 'intermediate', nonce);
    expect(readTimeStampResponse(reply).certificates).toHaveLength(2);
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [], nonce })).toMatchObject({
      ok: true,
      rootTrusted: false,
      chain: [
        'CN=ProofTrail Test Intermediate TSA, O=ProofTrail Tests',
        'CN=ProofTrail Test Intermediate CA',
      ],
      reason: expect.stringMatching(/does not carry the root.*"CN=ProofTrail Test Root CA"/),
    });
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [otherCa], nonce })).toMatchObject({
      ok: true,
      rootTrusted: false,
    });
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [otherCa, tsa.caDer], nonce })).toMatchObject({
      ok: true,
      rootTrusted: true,
      chain: [
        'CN=ProofTrail Test Intermediate TSA, O=ProofTrail Tests',
        'CN=ProofTrail Test Intermediate CA',
        'CN=ProofTrail Test Root CA',
      ],
    });
    // Trusting the intermediate itself is enough too (a partial chain, as with --tsa-ca INTERMEDIATE).
    expect(await verifyTimeStamp(reply, data, { trustedRoots: [tsa.intermediateDer] })).toMatchObject({
      ok: true,
      rootTrusted: true,
    });
  });

  it('refuses a replayed reply: another imprint or another nonce', async () => {
    const other = new TextEncoder().encode('{"v":1,"seq":3}');
    const nonce = newNonce();
    const replayed = await stamp(other, 'replay', nonce);
    const r = await verifyTimeStamp(replayed, other, { trustedRoots: [tsa.caDer], nonce });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/not this data|nonce/) });
    // What it stamped, with the nonce of today's request: still refused.
    const stamped = readTimeStampResponse(replayed);
    expect(stamped.nonce).not.toBe(Buffer.from(nonce).toString('hex'));
  });

  it('rejects altered bytes (or they leave what the token proves unchanged), and non-DER input', async () => {
    const nonce = newNonce();
    const reply = await stamp(data, 'good', nonce);
    const genuine = await verifyTimeStamp(reply, data, { trustedRoots: [tsa.caDer], nonce });
    expect(genuine.ok).toBe(true);
    const meaning = (v: typeof genuine) =>
      v.ok ? { ...v.info, certificates: undefined, rootTrusted: v.rootTrusted } : undefined;
    let refused = 0;
    for (let at = 0; at < reply.length; at += 7) {
      const altered = reply.slice();
      altered[at] = altered[at]! ^ 0x01;
      const r = await verifyTimeStamp(altered, data, { trustedRoots: [tsa.caDer], nonce });
      if (!r.ok) refused++;
      else expect(meaning(r), `byte ${at}`).toEqual(meaning(genuine));
    }
    expect(refused).toBeGreaterThan(reply.length / 7 / 2);
    expect(
      await verifyTimeStamp(new TextEncoder().encode('not der'), data, { trustedRoots: [tsa.caDer] }),
    ).toMatchObject({ ok: false });
  });

  it('makes tokens that stock OpenSSL verifies: openssl ts -verify', async () => {
    expect(await opensslVerify(data, await stamp(data))).toContain('Verification: OK');
  });
});
