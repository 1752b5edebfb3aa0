import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real S3 store with Object Lock for tests and the bench: a single-node Ceph cluster (one
 * monitor, one memstore OSD, one radosgw) on 127.0.0.1, from Debian's packages. Recipe and
 * pitfalls: ../shared/TOOLCHAIN.md ("A real S3 store with Object Lock").
 */
export interface CephRgw {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  region: string;
  /** The administrator user's keys (may create buckets and users). */
  accessKeyId: string;
  secretAccessKey: string;
  /** The cluster's working folder (config, logs, data). */
  dir: string;
  /** Creates another S3 user and returns its keys. */
  createUser(uid: string): { accessKeyId: string; secretAccessKey: string };
  /** Stops the radosgw only (the store "goes down"); `restartGateway` brings it back on the same port. */
  stopGateway(): Promise<void>;
  restartGateway(): Promise<void>;
  stop(): Promise<void>;
}

const BINARIES = ['monmaptool', 'ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'ceph'] as const;
const PACKAGES = ['radosgw', 'ceph-mon', 'ceph-osd'];
export const CEPH_INSTALL_HINT = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(':').concat(['/usr/bin', '/usr/sbin'])) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The binaries the cluster needs, installing Debian's packages when root on Debian; else a clear error. */
export function ensureCeph(log: (line: string) => void = console.error): void {
  const missing = () => BINARIES.filter((b) => !which(b));
  if (missing().length === 0) return;
  const debian = existsSync('/etc/debian_version');
  if (debian && process.getuid?.() === 0) {
    log(`Ceph not found (${missing().join(', ')}): installing Debian's ${PACKAGES.join(', ')}…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], {
      stdio: 'inherit',
      env,
    });
  }
  const still = missing();
  if (still.length)
    throw new Error(
      `The team-store tests need a local Ceph RGW, and ${still.join(', ')} ${still.length > 1 ? 'are' : 'is'} missing. Install it, then run again:\n  ${CEPH_INSTALL_HINT}`,
    );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function config(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = [v2:127.0.0.1:${monPort}]
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd crush chooseleaf type = 0
paxos propose interval = 0.05
paxos min wait = 0.01
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
pid file = ${dir}/run/$name.pid
keyring = ${dir}/keyring
mon data = ${dir}/mon/$name
osd data = ${dir}/osd/$name
osd objectstore = memstore
memstore device bytes = 2147483648
mon_warn_on_pool_no_redundancy = false
# The monitor refuses to start when the disk holding its folder has under 5 % free; the objects
# live in memory (memstore), so a nearly full disk must not stop the tests.
mon data avail crit = 0
mon data avail warn = 0
rgw data = ${dir}/rgw
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw enable usage log = false
rgw dns name = 127.0.0.1
# A gateway stopped by the tests leaves its cache watches behind; the next bucket change waits for
# them to time out (30 s by default).
osd client watch timeout = 3
`;
}

/** Starts a fresh cluster in a temporary folder; resolves once the gateway answers S3 requests. */
export async function startCephRgw(options: { log?: (line: string) => void } = {}): Promise<CephRgw> {
  const log = options.log ?? (() => {});
  ensureCeph(log);
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-ceph-'));
  for (const sub of ['run', 'log', 'mon', 'osd', 'rgw']) mkdirSync(join(dir, sub), { recursive: true });
  const fsid = randomUUID();
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'ceph.conf');
  writeFileSync(conf, config(dir, fsid, monPort, rgwPort));
  const c = ['-c', conf];
  const children: ChildProcess[] = [];
  let gateway: ChildProcess | undefined;

  const run = (cmd: string, args: string[], timeout = 60_000) =>
    execFileSync(cmd, [...c, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const daemon = (cmd: string, args: string[], name: string) => {
    const out = join(dir, 'log', `${name}.out`);
    const child = spawn(cmd, [...c, ...args, '-f'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const keep = (b: Buffer) => {
      text += b.toString();
      if (text.length > 200_000) text = text.slice(-100_000);
      writeFileSync(out, text);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    children.push(child);
    return child;
  };
  const tail = (name: string) => {
    const files = [join(dir, 'log', `${name}.out`), join(dir, 'log', `${name}.log`)];
    return files
      .filter(existsSync)
      .map((f) => readFileSync(f, 'utf8').slice(-2000))
      .join('\n');
  };

  const stopAll = async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sleep(100);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    execFileSync(
      'monmaptool',
      ['--create', '--fsid', fsid, '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, join(dir, 'monmap')],
      {
        stdio: 'pipe',
      },
    );
    run('ceph-mon', ['--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap')]);
    daemon('ceph-mon', ['-i', 'a'], 'mon.a');
    const osdUuid = randomUUID();
    const osdId = run('ceph', ['--connect-timeout', '30', 'osd', 'new', osdUuid]).trim();
    mkdirSync(join(dir, 'osd', `osd.${osdId}`), { recursive: true });
    run('ceph-osd', ['-i', osdId, '--mkfs', '--osd-uuid', osdUuid]);
    daemon('ceph-osd', ['-i', osdId], `osd.${osdId}`);
    const startGateway = () => {
      gateway = daemon('radosgw', ['-n', 'client.rgw.a'], 'client.rgw.a');
    };
    startGateway();
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForGateway(
      endpoint,
      () => gateway,
      () => tail('client.rgw.a'),
    );
    const accessKeyId = `PTADMIN${randomBytes(6).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(24).toString('base64url');
    const createUser = (
      uid: string,
      access = `PT${randomBytes(8).toString('hex').toUpperCase()}`,
      secret = randomBytes(24).toString('base64url'),
    ) => {
      run('radosgw-admin', [
        'user',
        'create',
        '--uid',
        uid,
        '--display-name',
        uid,
        '--access-key',
        access,
        '--secret-key',
        secret,
      ]);
      return { accessKeyId: access, secretAccessKey: secret };
    };
    createUser('prooftrail-admin', accessKeyId, secretAccessKey);
    return {
      endpoint,
      region: 'us-east-1',
      accessKeyId,
      secretAccessKey,
      dir,
      createUser: (uid) => createUser(uid),
      async stopGateway() {
        if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
          const exited = new Promise((r) => gateway?.once('exit', r));
          gateway.kill('SIGKILL');
          await exited;
        }
      },
      async restartGateway() {
        startGateway();
        await waitForGateway(
          endpoint,
          () => gateway,
          () => tail('client.rgw.a'),
        );
      },
      stop: stopAll,
    };
  } catch (error) {
    const detail = ['mon.a', 'osd.0', 'client.rgw.a'].map((n) => `--- ${n}\n${tail(n)}`).join('\n');
    await stopAll();
    throw new Error(`Could not start the local Ceph RGW: ${(error as Error).message}\n${detail}`);
  }
}

async function waitForGateway(
  endpoint: string,
  child: () => ChildProcess | undefined,
  tail: () => string,
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const c = child();
    if (c && (c.exitCode !== null || c.signalCode !== null))
      throw new Error(`radosgw exited (${c.exitCode ?? c.signalCode}):\n${tail()}`);
    try {
      const res = await fetch(endpoint, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`radosgw did not answer at ${endpoint} within 90 s:\n${tail()}`);
}
