import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Identity } from '../../lib/db/types';
import type { StoreCredentials, StoreTarget } from '../../lib/store/s3-client';
import { LibraryPage } from '../automation/extension-pages';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { StoreSettingsPage } from '../automation/store-settings-page';
import { ensureCeph } from '../services/ceph-rgw';
import { startTestStore, type TestStore } from '../services/ceph-store';
import { CONTROLS, IMAGE, installExportTimer, setIdentity, timedExport } from './export-bench';
import { bundlePageScript } from './page-script';
import { mb, mbps, median, ms, progressOf } from './stats';
import type { Timed } from './store-page-entry';

/** Captures the owner pushes and the reader exports. */
export const STORE_CAPTURES = 1000;
/** Baseline runs beside each measured step (the median is reported). */
export const BASELINE_RUNS = 3;
/** Goals from the issue: push against raw PUTs, export from the store against a plain download. */
export const PUSH_GOAL = 0.8;
export const EXPORT_GOAL = 0.7;

const BUCKET = 'bench-evidence';
const PREFIX = 'team';
const OWNER: Identity = { name: 'Olu Owner', email: 'owner@bench.prooftrail.example' };
const READER: Identity = { name: 'Rita Reader', email: 'reader@bench.prooftrail.example' };

const progress = progressOf('store');
const here = fileURLToPath(new URL('.', import.meta.url));

interface Entry {
  ProofTrailStoreBench: typeof import('./store-page-entry');
}
type Bench = Entry['ProofTrailStoreBench'];

/** Runs one function of the page entry (already evaluated in `page`). */
function call<K extends keyof Bench>(page: Page, name: K, ...args: Parameters<Bench[K]>) {
  return page.evaluate(
    ([n, a]) => {
      const fns = (window as unknown as Entry).ProofTrailStoreBench as unknown as Record<
        string,
        (...x: unknown[]) => unknown
      >;
      return fns[n as string]!(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Bench[K]>>>;
}

const rate = (t: Timed) =>
  `${ms(t.ms, 8)} (${t.objects} objects, ${mb(t.bytes)}, ${mbps(t.bytes, t.ms).toFixed(1)} MB/s)`;

/**
 * The team store bench, against a single-node Ceph RGW on this machine (node/services/ceph-rgw.ts):
 * an owner's browser stores STORE_CAPTURES generated captures (signed by its device key), connects
 * to the store and presses Send now: the push from the click until the button is back, against the same objects' bytes sent by plain PUTs with the same S3 client and
 * the same 8 requests in flight, in the same page, BASELINE_RUNS times after the push. The plan
 * (what to send, from the ledger) is made in the page first and timed apart, then added. Then a
 * reader's browser: a plain download of every object under the owners' prefix (list, then GET
 * each, 8 in flight) against reading the team's evidence (the trusted read, from the click) and
 * exporting one control's bundle of all of it (from the click until "Exported"), with a
 * download before the read, between the read and the export, and after the export.
 */
export async function runStoreBench(o: {
  executablePath: string;
  extensionDir: string;
  captures?: number;
}): Promise<string[]> {
  const count = o.captures ?? STORE_CAPTURES;
  ensureCeph((line) => progress(line));
  const store = await startTestStore();
  const browsers: LaunchedBrowser[] = [];
  const launch = async () => {
    const b = await launchWithExtension({ executablePath: o.executablePath, extensionDir: o.extensionDir });
    browsers.push(b);
    return b;
  };
  try {
    await store.createBucket(BUCKET, { mode: 'COMPLIANCE', days: 1 });
    const script = await bundlePageScript(join(here, 'store-page-entry.ts'), 'ProofTrailStoreBench');
    const target: StoreTarget = { endpoint: store.endpoint, bucket: BUCKET, region: store.region };
    const credentials: StoreCredentials = {
      accessKeyId: store.accessKeyId,
      secretAccessKey: store.secretAccessKey,
    };
    const connection = { ...target, prefix: PREFIX, ...credentials };

    const owner = await launch();
    await setIdentity(owner, OWNER);
    const settings = await StoreSettingsPage.open(owner);
    await settings.page.evaluate(script);
    progress(`storing ${count} generated captures in the owner's browser`);
    const seeded = await call(settings.page, 'seed', count, IMAGE, OWNER, CONTROLS);
    if (seeded.captures !== count)
      throw new Error(`store bench: ${seeded.captures} captures stored, not ${count}`);
    await settings.connect({ ...connection, mode: 'owner' });

    // Planned first, timed apart: the timed push then only sends.
    const planned = await call(settings.page, 'plan', PREFIX);
    progress('pushing');
    const pushStart = new Date();
    const t0 = performance.now();
    const counts = await settings.sendNow(600_000);
    const pushMs = performance.now() - t0;
    const queue = await call(settings.page, 'queue');
    if (counts.waiting || counts.conflict || queue.states.waiting || queue.states.conflict)
      throw new Error(`store bench: the push left objects behind: ${counts.text}`);
    if (!queue.firstStoredAt || queue.firstStoredAt < pushStart.toISOString())
      throw new Error(
        'store bench: a scheduled push began before the timed one (its first object was stored before the click); run the bench again',
      );
    const raws: Timed[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++) {
      progress(`raw PUTs, run ${i + 1} of ${BASELINE_RUNS}`);
      raws.push(await call(settings.page, 'rawPut', `bench-raw-${i}/`, target, credentials));
    }
    const raw = median(raws.map((r) => r.ms));
    const pushed = raws[0]!;

    const reader = await launch();
    await setIdentity(reader, READER);
    const readerSettings = await StoreSettingsPage.open(reader);
    await readerSettings.page.evaluate(script);
    await readerSettings.connect({ ...connection, mode: 'reader' });
    const owners = `${PREFIX}/owners/`;
    const downloads: Timed[] = [];
    const download = async () => {
      progress(`plain download, run ${downloads.length + 1}`);
      downloads.push(await call(readerSettings.page, 'rawGet', owners, target, credentials));
    };
    await download();
    progress("reading the team's evidence");
    const read = await readerSettings.readTeam([seeded.fingerprint]);
    if (read.untrusted.length || read.trustedReadMs === undefined)
      throw new Error(`store bench: the reader did not read the owner: ${read.lines.join(' / ')}`);
    await download();
    const library = await LibraryPage.open(reader);
    await library.openDialog('export');
    await library.page.locator('.export-panel [role="status"]').waitFor({ state: 'attached' });
    await installExportTimer(library);
    progress('exporting');
    const exported = await timedExport(library, { controls: [CONTROLS[0]!.id] });
    if (exported.captures !== count)
      throw new Error(`store bench: the export holds ${exported.captures} captures, not ${count}`);
    await download();
    const plain = median(downloads.map((d) => d.ms));
    const fromStore = read.trustedReadMs + exported.ms;

    return [
      `  push of ${count} captures (${queue.states.stored} objects, ${mb(pushed.bytes)}): planning ${ms(planned.ms, 8)} (${planned.rows} objects queued), then sending ${ms(pushMs, 8)} from Send now until done`,
      `  raw PUTs of the same bytes, same client, 8 in flight: ${raws.map(rate).join('; ')}`,
      `  push (planning and sending) against raw PUTs: ${(raw / (planned.ms + pushMs)).toFixed(2)}× (goal ≥ ${PUSH_GOAL}×: ${raw / (planned.ms + pushMs) >= PUSH_GOAL ? 'met' : 'not met'}); sending alone ${(raw / pushMs).toFixed(2)}×`,
      `  plain download of every owner object (list + GET, 8 in flight): ${downloads.map(rate).join('; ')}`,
      `  reading the team's evidence: first read (finds the untrusted key) ${ms(read.firstReadMs, 8)}; trusted read ${ms(read.trustedReadMs, 8)} (${(plain / read.trustedReadMs).toFixed(2)}× the download)`,
      `  export of one control, ${exported.captures} captures, ${mb(exported.bytes)}: ${ms(exported.ms, 8)}`,
      `  export from the store (trusted read + export) against the plain download: ${ms(fromStore, 8)} against ${ms(plain, 8)}: ${(plain / fromStore).toFixed(2)}× (goal ≥ ${EXPORT_GOAL}×: ${plain / fromStore >= EXPORT_GOAL ? 'met' : 'not met'})`,
    ];
  } finally {
    for (const b of browsers) {
      await b.close().catch(() => undefined);
      rmSync(b.userDataDir, { recursive: true, force: true });
    }
    await stopStore(store);
  }
}

async function stopStore(store: TestStore): Promise<void> {
  await store.stop().catch((e: Error) => progress(`the store did not stop cleanly: ${e.message}`));
}
