import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import {
  Attribute,
  Certificate,
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedAndUnsignedAttributes,
  SignedData,
  SignerInfo,
  TimeStampResp,
} from 'pkijs';

const run = promisify(execFile);

/**
 * How the test TSA answers, each at `${origin}/tsa/<profile>` (`/tsa` is `good`):
 * - good: `openssl ts -reply` signed by a TSA certificate with the critical timeStamping EKU;
 * - resigned: the same token re-signed with pkijs by the same good certificate (proves the forging
 *   below makes tokens OpenSSL accepts, so a refusal of the next two is about the certificate);
 * - no-eku: signed by a certificate under the same root WITHOUT the timeStamping purpose (stock
 *   `openssl ts -reply` refuses such a signer: "invalid signer certificate purpose", so the token is
 *   forged with pkijs from a good reply);
 * - eku-not-critical: signed by a certificate whose EKU is timeStamping but not critical (forged too);
 * - expired: `openssl ts -reply` with a TSA certificate valid only in January 2020;
 * - intermediate: `openssl ts -reply` by a TSA certificate issued by an intermediate CA under the
 *   root; the token carries the TSA and intermediate certificates, not the root (as public TSAs do);
 * - replay: always the same earlier good reply (the first this TSA made, else one for another request).
 */
export type TsaProfile =
  | 'good'
  | 'resigned'
  | 'no-eku'
  | 'eku-not-critical'
  | 'expired'
  | 'intermediate'
  | 'replay';

/** A real RFC 3161 Time-Stamp Authority: OpenSSL's `openssl ts -reply` behind HTTP on 127.0.0.1. */
export interface TestTsa {
  /** The good profile. */
  url: string;
  /** The URL answering with `profile`. */
  urlOf(profile: TsaProfile): string;
  dir: string;
  /** PEM and DER of the root CA that issued every TSA certificate here. */
  caPem: string;
  caDer: Uint8Array;
  tsaPem: string;
  /** The intermediate CA of the `intermediate` profile, DER. */
  intermediateDer: Uint8Array;
  /** Answers a DER TimeStampReq directly, without HTTP. */
  reply(query: Uint8Array, profile?: TsaProfile): Promise<Uint8Array<ArrayBuffer>>;
  /** When false, the server answers 503 (a TSA that is down). */
  setUp(up: boolean): void;
  requests(): number;
  close(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

/** Makes a root CA and a TSA certificate (EC P-256, critical timeStamping EKU) in `dir`. */
export async function makeTsaCertificates(dir: string, name = 'ProofTrail Test'): Promise<void> {
  writeFileSync(
    join(dir, 'tsa.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  writeFileSync(
    join(dir, 'ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  await openssl(['req', '-new', '-key', 'ca.key', '-subj', `/CN=${name} Root CA`, '-out', 'ca.csr'], dir);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'ca.csr',
      '-signkey',
      'ca.key',
      '-days',
      '30',
      '-extfile',
      'ca.ext',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  await issue(dir, 'tsa', `/CN=${name} TSA/O=ProofTrail Tests`, 'tsa.ext');
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'ts.cnf'),
    `[ tsa ]\ndefault_tsa = tsa_config1\n${tsaSection('tsa_config1', dir, 'tsa', 'ca.crt')}`,
  );
}

function tsaSection(section: string, dir: string, signer: string, certs: string): string {
  return `[ ${section} ]\ndir = ${dir}\nserial = $dir/serial\ncrypto_device = builtin\nsigner_cert = $dir/${signer}.crt\ncerts = $dir/${certs}\nsigner_key = $dir/${signer}.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\nother_policies = 1.2.3.4.2\ndigests = sha256, sha384, sha512\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`;
}

/** A key and a certificate `base`.crt issued by `issuer` (default the root) with the extensions file `ext`. */
async function issue(dir: string, base: string, subject: string, ext: string, issuer = 'ca'): Promise<void> {
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}.key`], dir);
  await openssl(['req', '-new', '-key', `${base}.key`, '-subj', subject, '-out', `${base}.csr`], dir);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      `${issuer}.crt`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      ext,
      '-out',
      `${base}.crt`,
    ],
    dir,
  );
}

/**
 * The other signers of the profiles, under the same root: a certificate without the timeStamping
 * purpose, one with a non-critical timeStamping EKU, an expired TSA certificate (`openssl ca`, which
 * can set past dates) and an intermediate CA with a TSA certificate under it.
 */
async function makeProfileCertificates(dir: string, name: string): Promise<void> {
  writeFileSync(join(dir, 'noeku.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  writeFileSync(
    join(dir, 'ekunc.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=timeStamping\n',
  );
  writeFileSync(
    join(dir, 'inter.ext'),
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  await issue(dir, 'noeku', `/CN=${name} Code Signer/O=ProofTrail Tests`, 'noeku.ext');
  await issue(dir, 'ekunc', `/CN=${name} Lax TSA/O=ProofTrail Tests`, 'ekunc.ext');
  await issue(dir, 'inter', `/CN=${name} Intermediate CA`, 'inter.ext');
  await issue(dir, 'itsa', `/CN=${name} Intermediate TSA/O=ProofTrail Tests`, 'tsa.ext', 'inter');
  mkdirSync(join(dir, 'newcerts'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'ca.serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ ca ]\ndefault_ca = root\n[ root ]\ndir = ${dir}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\ncertificate = $dir/ca.crt\nprivate_key = $dir/ca.key\nserial = $dir/ca.serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[ any ]\ncommonName = supplied\norganizationName = optional\n`,
  );
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'expired.key'], dir);
  await openssl(
    ['req', '-new', '-key', 'expired.key', '-subj', `/CN=${name} Expired TSA`, '-out', 'expired.csr'],
    dir,
  );
  await openssl(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-in',
      'expired.csr',
      '-out',
      'expired.crt',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
      '-extfile',
      'tsa.ext',
      '-notext',
    ],
    dir,
  );
  for (const base of ['noeku', 'ekunc', 'tsa'])
    await openssl(
      ['pkcs8', '-topk8', '-nocrypt', '-in', `${base}.key`, '-outform', 'DER', '-out', `${base}.p8`],
      dir,
    );
  for (const base of ['ca', 'inter', 'noeku', 'ekunc', 'tsa'])
    await openssl(['x509', '-in', `${base}.crt`, '-outform', 'DER', '-out', `${base}.der`], dir);
  writeFileSync(
    join(dir, 'ts.cnf'),
    `${readFileSync(join(dir, 'ts.cnf'), 'utf8')}${tsaSection('tsa_expired', dir, 'expired', 'ca.crt')}${tsaSection('tsa_inter', dir, 'itsa', 'inter.crt')}`,
  );
}

const TSTINFO = '1.2.840.113549.1.9.16.1.4';

/**
 * Re-signs a reply's TSTInfo with another key and certificate, as a TSA would: content-type,
 * message-digest and signingCertificateV2 (ESSCertIDv2, SHA-256 of the certificate) attributes,
 * ECDSA P-256 with SHA-256; the token carries `certDer` then `chain`.
 */
export async function resignReply(
  reply: Uint8Array,
  certDer: Uint8Array,
  keyPkcs8: Uint8Array,
  chain: Uint8Array[],
): Promise<Uint8Array<ArrayBuffer>> {
  const resp = TimeStampResp.fromBER(reply.slice().buffer);
  const original = new SignedData({ schema: resp.timeStampToken!.content });
  const tstBytes = original.encapContentInfo.eContent!.getValue();
  const cert = Certificate.fromBER(certDer.slice().buffer);
  const key = await crypto.subtle.importKey(
    'pkcs8',
    keyPkcs8.slice(),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const digest = await crypto.subtle.digest('SHA-256', tstBytes);
  const certHash = await crypto.subtle.digest('SHA-256', certDer.slice());
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash })] });
  const signedAttrs = new SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new Attribute({
        type: '1.2.840.113549.1.9.3',
        values: [new asn1js.ObjectIdentifier({ value: TSTINFO })],
      }),
      new Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
      new Attribute({
        type: '1.2.840.113549.1.9.16.2.47',
        values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
      }),
    ],
  });
  const signed = new SignedData({
    version: 3,
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: TSTINFO,
      eContent: new asn1js.OctetString({ valueHex: tstBytes }),
    }),
    signerInfos: [
      new SignerInfo({
        version: 1,
        sid: new IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs,
      }),
    ],
    certificates: [cert, ...chain.map((d) => Certificate.fromBER(d.slice().buffer))],
  });
  await signed.sign(key, 0, 'SHA-256');
  const token = new ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) });
  return new Uint8Array(
    new TimeStampResp({ status: resp.status, timeStampToken: token }).toSchema().toBER(false),
  );
}

/** Starts a TSA on a free port of 127.0.0.1 (never another address). */
export async function startTestTsa(): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-tsa-'));
  await makeTsaCertificates(dir);
  await makeProfileCertificates(dir, 'ProofTrail Test');
  const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
  const der = (base: string) => file(`${base}.der`);
  let up = true;
  let count = 0;
  let seq = 0;
  let first: Uint8Array<ArrayBuffer> | undefined;

  // `openssl ts -reply` reads and rewrites the serial file: two at once fail with "Error during
  // serial number generation" (seen when requests came in parallel on busy cores). One at a time.
  let replying: Promise<unknown> = Promise.resolve();
  const opensslReply = (query: Uint8Array, section: string): Promise<Uint8Array<ArrayBuffer>> => {
    const next = replying.then(() => replyNow(query, section));
    replying = next.catch(() => undefined);
    return next;
  };
  const replyNow = async (query: Uint8Array, section: string): Promise<Uint8Array<ArrayBuffer>> => {
    const n = ++seq;
    writeFileSync(join(dir, `q${n}.tsq`), query);
    await openssl(
      [
        'ts',
        '-reply',
        '-config',
        'ts.cnf',
        '-section',
        section,
        '-queryfile',
        `q${n}.tsq`,
        '-out',
        `r${n}.tsr`,
      ],
      dir,
    );
    return new Uint8Array(readFileSync(join(dir, `r${n}.tsr`)));
  };
  /** A request for other data, with a nonce of its own (what a replay answers). */
  const otherQuery = async (): Promise<Uint8Array<ArrayBuffer>> => {
    writeFileSync(join(dir, 'other.txt'), 'another request');
    await openssl(['ts', '-query', '-data', 'other.txt', '-sha256', '-cert', '-out', 'other.tsq'], dir);
    return file('other.tsq');
  };
  const reply = async (query: Uint8Array, profile: TsaProfile = 'good'): Promise<Uint8Array<ArrayBuffer>> => {
    switch (profile) {
      case 'good': {
        const r = await opensslReply(query, 'tsa_config1');
        first ??= r;
        return r;
      }
      case 'expired':
        return opensslReply(query, 'tsa_expired');
      case 'intermediate':
        return opensslReply(query, 'tsa_inter');
      case 'replay':
        first ??= await opensslReply(await otherQuery(), 'tsa_config1');
        return first;
      case 'resigned':
      case 'no-eku':
      case 'eku-not-critical': {
        const base = { resigned: 'tsa', 'no-eku': 'noeku', 'eku-not-critical': 'ekunc' }[profile];
        const good = await opensslReply(query, 'tsa_config1');
        return resignReply(good, der(base), file(`${base}.p8`), [der('ca')]);
      }
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (!up) {
        res.writeHead(503).end('down');
        return;
      }
      const m = /^\/tsa(?:\/([a-z-]+))?$/.exec(req.url ?? '');
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query' || !m) {
        res.writeHead(400).end('expected POST application/timestamp-query to /tsa[/profile]');
        return;
      }
      count++;
      try {
        const body = await reply(new Uint8Array(Buffer.concat(chunks)), (m[1] ?? 'good') as TsaProfile);
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/tsa`,
    urlOf: (profile) => (profile === 'good' ? `${origin}/tsa` : `${origin}/tsa/${profile}`),
    dir,
    caPem,
    caDer: der('ca'),
    tsaPem: readFileSync(join(dir, 'tsa.crt'), 'utf8'),
    intermediateDer: der('inter'),
    reply,
    setUp: (v) => {
      up = v;
    },
    requests: () => count,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
