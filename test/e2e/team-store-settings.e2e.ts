import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { startTestStore, type TestStore } from '../../node/services/ceph-store';
import { launch } from './support';

let store: TestStore;
let b: LaunchedBrowser;
let settings: Page;
beforeAll(async () => {
  store = await startTestStore();
  await store.createBucket('team-evidence');
  await store.createBucket('governance-bucket', { mode: 'GOVERNANCE' });
  b = await launch();
  settings = await b.context.newPage();
  await settings.goto(`chrome-extension://${b.extensionId}/options.html`);
});
afterAll(async () => {
  await b?.close();
  await store?.stop();
});

const form = () => settings.getByRole('form', { name: 'Team evidence store' });

async function fill(
  values: Partial<
    Record<'Endpoint' | 'Bucket' | 'Region' | 'Prefix' | 'Access key id' | 'Secret access key', string>
  >,
) {
  for (const [label, value] of Object.entries(values))
    await form().getByLabel(label, { exact: true }).fill(value);
}

async function checks(): Promise<string[]> {
  const report = form().locator('.store-report');
  await report.locator('li').first().waitFor();
  return report.locator('li').allTextContents();
}

describe('Settings: connecting the team store (real Ceph RGW)', () => {
  it('names every bad field and saves nothing', async () => {
    await fill({
      Endpoint: 'http://s3.example.com',
      Bucket: 'Bad_Bucket',
      'Access key id': '',
      'Secret access key': '',
    });
    await form().getByRole('button', { name: 'Save team store' }).click();
    const status = form().getByRole('status').first();
    await status.getByText('must use https').waitFor();
    const text = await status.textContent();
    expect(text).toContain('Bucket: "Bad_Bucket" may hold only');
    expect(text).toContain('Access key id: enter the key id');
    expect(text).toContain('Secret access key: enter the secret.');
    await expect(form().getByRole('button', { name: 'Test connection' }).isDisabled()).resolves.toBe(true);
  });

  it('saves, tests every check against the real store, and never shows the secret again', async () => {
    await fill({
      Endpoint: store.endpoint,
      Bucket: 'team-evidence',
      Region: store.region,
      Prefix: '/acme/',
      'Access key id': store.accessKeyId,
      'Secret access key': store.secretAccessKey,
    });
    await form().getByRole('button', { name: 'Save team store' }).click();
    await form().getByText('Team store saved:').waitFor();
    await expect(form().getByLabel('Secret access key').inputValue()).resolves.toBe('');
    await expect(form().getByLabel('Access key id', { exact: true }).inputValue()).resolves.toBe('');
    await form().getByRole('button', { name: 'Test connection' }).click();
    const lines = await checks();
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.startsWith('✓'))).toBe(true);
    await form().getByText('The store is ready for evidence.').waitFor();
    expect(lines.join('\n')).toContain('locked in COMPLIANCE mode until');
    expect(lines.join('\n')).toMatch(/Deleting the test object was refused \(HTTP 403\)/);

    // The test object is really in the store, under this browser's folder, and locked.
    const written = lines
      .find((l) => l.includes('A test object was written'))
      ?.match(/written: (\S+)\.$/)?.[1];
    expect(written).toMatch(/^acme\/owners\/[A-Za-z0-9_-]{43}\/connection-tests\/.+\.txt$/);
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const head = await store.admin.send(new HeadObjectCommand({ Bucket: 'team-evidence', Key: written }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');

    // Reloaded: the secret and the key id are nowhere in the page.
    await settings.reload();
    await form().getByRole('button', { name: 'Test connection' }).waitFor();
    const html = await settings.content();
    expect(html).not.toContain(store.secretAccessKey);
    expect(html).not.toContain(store.accessKeyId);
    await expect(
      form().getByLabel('Access key id', { exact: true }).getAttribute('placeholder'),
    ).resolves.toBe(`saved key …${store.accessKeyId.slice(-4)} (leave empty to keep)`);
    await expect(form().getByLabel('Endpoint').inputValue()).resolves.toBe(store.endpoint);
    await expect(form().getByLabel('Prefix').inputValue()).resolves.toBe('acme');
  });

  it('a bucket whose default retention is GOVERNANCE is refused, saying why', async () => {
    await fill({ Bucket: 'governance-bucket' });
    await form().getByRole('button', { name: 'Save team store' }).click();
    await form().getByText('bucket governance-bucket').waitFor();
    await form().getByRole('button', { name: 'Test connection' }).click();
    const lines = await checks();
    expect(lines.at(-1)).toMatch(/^✗.*GOVERNANCE mode: in that mode a privileged user can delete evidence/);
    await form().getByText('The store is not ready for evidence:').waitFor();
  });

  it('a wrong secret is named; removing the store forgets the credentials', async () => {
    await fill({
      Bucket: 'team-evidence',
      'Access key id': store.accessKeyId,
      'Secret access key': 'not-the-secret',
    });
    await form().getByRole('button', { name: 'Save team store' }).click();
    await form().getByText('bucket team-evidence').waitFor();
    await form().getByRole('button', { name: 'Test connection' }).click();
    const lines = await checks();
    expect(lines).toEqual([expect.stringMatching(/^✗.*secret access key does not match/)]);

    await form().getByRole('button', { name: 'Remove team store' }).click();
    await form().getByText('The team store was removed from this browser').waitFor();
    await expect(form().getByRole('button', { name: 'Test connection' }).isDisabled()).resolves.toBe(true);
    const stored = await settings.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('prooftrail');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('settings').objectStore('settings').get('teamStore');
            get.onsuccess = () => resolve(get.result ?? null);
          };
        }),
    );
    expect(stored).toBeNull();
  });
});
