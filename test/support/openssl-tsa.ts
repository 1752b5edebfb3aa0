import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A real RFC 3161 Time-Stamp Authority: OpenSSL's `openssl ts -reply` behind HTTP on 127.0.0.1. */
export interface TestTsa {
  url: string;
  dir: string;
  /** PEM and DER of the root CA that issued the TSA certificate. */
  caPem: string;
  caDer: Uint8Array;
  tsaPem: string;
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
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'tsa.key'], dir);
  await openssl(
    ['req', '-new', '-key', 'tsa.key', '-subj', `/CN=${name} TSA/O=ProofTrail Tests`, '-out', 'tsa.csr'],
    dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'tsa.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      'tsa.ext',
      '-out',
      'tsa.crt',
    ],
    dir,
  );
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'ts.cnf'),
    `[ tsa ]\ndefault_tsa = tsa_config1\n[ tsa_config1 ]\ndir = ${dir}\nserial = $dir/serial\ncrypto_device = builtin\nsigner_cert = $dir/tsa.crt\ncerts = $dir/ca.crt\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`,
  );
}

/** Starts a TSA on a free port of 127.0.0.1 (never another address). */
export async function startTestTsa(): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-tsa-'));
  await makeTsaCertificates(dir);
  let up = true;
  let count = 0;
  let seq = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (!up) {
        res.writeHead(503).end('down');
        return;
      }
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end('expected POST application/timestamp-query');
        return;
      }
      count++;
      const n = ++seq;
      writeFileSync(join(dir, `q${n}.tsq`), Buffer.concat(chunks));
      try {
        await openssl(
          ['ts', '-reply', '-config', 'ts.cnf', '-queryfile', `q${n}.tsq`, '-out', `r${n}.tsr`],
          dir,
        );
        res
          .writeHead(200, { 'content-type': 'application/timestamp-reply' })
          .end(readFileSync(join(dir, `r${n}.tsr`)));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
  await openssl(['x509', '-in', 'ca.crt', '-outform', 'DER', '-out', 'ca.der'], dir);
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    dir,
    caPem,
    caDer: new Uint8Array(readFileSync(join(dir, 'ca.der'))),
    tsaPem: readFileSync(join(dir, 'tsa.crt'), 'utf8'),
    setUp: (v) => {
      up = v;
    },
    requests: () => count,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
