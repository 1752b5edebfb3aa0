import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { startTestStore, type TestStore } from '../../node/services/ceph-store';
import { withSiteAndBrowser } from './support';

let store: TestStore;
let site: StaticServer;
let b: LaunchedBrowser;
let settings: Page;
const BUCKET = 'team-evidence';

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  store = await startTestStore();
  await store.createBucket(BUCKET);
  settings = await b.context.newPage();
  await settings.goto(`chrome-extension://${b.extensionId}/options.html`);
  const form = settings.getByRole('form', { name: 'Team evidence store' });
  await form.getByLabel('Endpoint').fill(store.endpoint);
  await form.getByLabel('Bucket').fill(BUCKET);
  await form.getByLabel('Prefix').fill('acme');
  await form.getByLabel('Access key id', { exact: true }).fill(store.accessKeyId);
  await form.getByLabel('Secret access key').fill(store.secretAccessKey);
  await form.getByRole('button', { name: 'Save team store' }).click();
  await form.getByText('Team store saved:').waitFor();
});
afterAll(async () => {
  await store?.stop();
});

/** Every object version under the owners' folder, as the store lists them. */
async function stored(): Promise<string[]> {
  const out = await store.admin.send(
    new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'acme/owners/' }),
  );
  return (out.Versions ?? []).map((v) => v.Key as string).sort();
}

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

/** The capture ids in this profile, read in an extension page. */
function captureIds(): Promise<string[]> {
  return settings.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('captures').objectStore('captures').getAllKeys();
          all.onsuccess = () => resolve(all.result as string[]);
        };
      }),
  );
}

async function captureOnce(popupPage?: PopupPage): Promise<PopupPage> {
  const popup =
    popupPage ??
    (await (async () => {
      const tab = await openTab(b);
      await tab.page.goto(`${site.origin}/review.html`);
      const p = await PopupPage.open(b, tab);
      await p.ensureIdentity('Dana Reyes', 'dana@example.test');
      return p;
    })());
  await popup.pickControls(['A.5.18']);
  await popup.capture();
  return popup;
}

describe('captures go to the team store by themselves (real Chromium, real Ceph RGW)', () => {
  it('a capture from the popup is in the store moments later: image, record, page text, ledger line, key', async () => {
    const popup = await captureOnce();
    await popup.page.close();
    const [id] = await captureIds();
    const wanted = [
      'public-key.json',
      `captures/${id}.png`,
      `captures/${id}.json`,
      `captures/${id}.txt`,
      'ledger/000001.jsonl',
    ];
    const keys = await waitFor('the capture in the store', stored, (k) =>
      wanted.every((w) => k.some((x) => x.endsWith(`/${w}`))),
    );
    const owner = keys[0]!.split('/').slice(0, 3).join('/');
    expect(owner).toMatch(/^acme\/owners\/[A-Za-z0-9_-]{43}$/);
    expect(keys).toEqual(
      expect.arrayContaining([
        `${owner}/public-key.json`,
        `${owner}/captures/${id}.png`,
        `${owner}/captures/${id}.json`,
        `${owner}/captures/${id}.txt`,
        `${owner}/ledger/000001.jsonl`,
      ]),
    );
    // Settings says so too.
    await settings.getByText(/\d+ objects in the store, 0 waiting\./).waitFor();
  });

  it('the store down during ten captures: they wait with the reason; back up, all ten are sent once', async () => {
    await store.stopGateway();
    let popup: PopupPage | undefined;
    try {
      const tab = await openTab(b);
      await tab.page.goto(`${site.origin}/review.html`);
      popup = await PopupPage.open(b, tab);
      for (let i = 0; i < 10; i++) await captureOnce(popup);
      await settings
        .getByText(/Last failure \(\d+ tr(y|ies)\): .*could not be reached/)
        .waitFor({ timeout: 30_000 });
      await expect(
        settings.getByRole('status').filter({ hasText: 'waiting' }).first().textContent(),
      ).resolves.toMatch(/[1-9]\d* waiting/);
      // Each capture says where it stands, in its detail.
      const library = await LibraryPage.open(b);
      await library.page.locator('.card-button').first().click();
      await library.page
        .getByRole('dialog')
        .getByText(/^Team store: waiting \(\d+ tr(y|ies)\): .*could not be reached/)
        .waitFor();
      await library.page.close();
    } finally {
      await store.restartGateway();
    }
    await popup?.page.close();
    await settings.getByRole('button', { name: 'Send now' }).click();
    const ids = await captureIds();
    expect(ids).toHaveLength(11);
    const keys = await waitFor(
      'all eleven captures in the store',
      stored,
      (k) =>
        ids.every((id) => k.some((x) => x.endsWith(`captures/${id}.png`))) &&
        k.some((x) => x.endsWith('ledger/000011.jsonl')),
    );
    // Nothing was sent twice: one version per key.
    expect(new Set(keys).size).toBe(keys.length);
    await settings.getByText(/\d+ objects in the store, 0 waiting\./).waitFor();
    const library = await LibraryPage.open(b);
    await library.page.locator('.card-button').first().click();
    await library.page
      .getByRole('dialog')
      .getByText(/^Team store: in store · retained until /)
      .waitFor();
  });
});
