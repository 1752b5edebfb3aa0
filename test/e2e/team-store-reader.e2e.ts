import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { StoreSettingsPage } from '../../node/automation/store-settings-page';
import type { StaticServer } from '../../node/demo/static-server';
import { startTestStore, type TestStore } from '../../node/services/ceph-store';
import { launch, startFixtureSite, tempDir } from './support';

let store: TestStore;
let site: StaticServer;
const browsers: LaunchedBrowser[] = [];
const BUCKET = 'team-evidence';

beforeAll(async () => {
  store = await startTestStore();
  await store.createBucket(BUCKET);
  site = await startFixtureSite();
});
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => undefined);
  await site?.close();
  await store?.stop();
});

const connection = (mode: 'owner' | 'reader') => ({
  endpoint: store.endpoint,
  bucket: BUCKET,
  prefix: 'acme',
  region: store.region,
  mode,
  accessKeyId: store.accessKeyId,
  secretAccessKey: store.secretAccessKey,
});

async function browser(name: string): Promise<LaunchedBrowser> {
  const b = await launch(tempDir(name));
  browsers.push(b);
  return b;
}

/** An owner's browser: connected, `pages.length` captures from the popup, everything sent. */
async function owner(name: string, email: string, pages: string[]) {
  const b = await browser(name);
  const settings = await StoreSettingsPage.open(b);
  await settings.connect(connection('owner'));
  const tab = await openTab(b);
  await tab.page.goto(`${site.origin}/review.html`);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity(name, email);
  for (const page of pages) {
    await tab.page.goto(`${site.origin}/${page}`);
    await popup.pickControls(['A.5.18']);
    await popup.capture();
  }
  const counts = await settings.sendNow();
  return { b, settings, counts };
}

describe('two owners push at once; compliance staff read both from the store (real Chromium, real Ceph RGW)', () => {
  it('owners push concurrently, and a reader lists, verifies and keeps their captures once their keys are trusted', async () => {
    const [dana, lee] = await Promise.all([
      owner('Dana Reyes', 'dana@example.test', ['review.html', 'change.html', 'review.html']),
      owner('Lee Chen', 'lee@example.test', ['change.html', 'review.html']),
    ]);
    for (const o of [dana, lee]) expect(o.counts).toMatchObject({ waiting: 0, conflict: 0 });
    const listed = await store.admin.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'acme/owners/', Delimiter: '/' }),
    );
    const fingerprints = (listed.CommonPrefixes ?? []).map((p) => (p.Prefix as string).split('/')[2]!);
    expect(fingerprints).toHaveLength(2);

    const reader = await browser('reader');
    await setIdentityIfMissing(reader, { name: 'Kim Park', email: 'kim@example.test' });
    const settings = await StoreSettingsPage.open(reader);
    await settings.connect(connection('reader'));
    await settings.page.getByRole('button', { name: 'Test connection' }).click();
    await settings.page.getByText('The store is ready for evidence.').waitFor();
    await settings.page.getByText('evidence of 2 owners found').waitFor();

    // Not trusted yet: both listed, nothing kept.
    const first = await settings.readTeam();
    expect(first.untrusted.sort()).toEqual([...fingerprints].sort());
    expect(first.lines.join('\n')).toContain(
      'Dana Reyes <dana@example.test>: key not trusted yet: nothing stored',
    );
    // Trusted: five captures, with their owners' ledgers.
    const second = await settings.readTeam(fingerprints);
    expect(second.untrusted).toEqual([]);
    expect(second.lines).toContain('5 new captures from s3://team-evidence/acme/.');
    expect(second.lines).toContain(
      'Dana Reyes <dana@example.test>: 3 new, 0 already here or deleted by their owner',
    );
    expect(second.lines).toContain(
      'Lee Chen <lee@example.test>: 2 new, 0 already here or deleted by their owner',
    );
    const library = await LibraryPage.open(reader);
    expect((await library.listCount()).total).toBe(5);

    // Read again: nothing new, nothing doubled.
    const third = await settings.readTeam();
    expect(third.lines).toContain('0 new captures from s3://team-evidence/acme/.');
  });
});
