import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ProofTrailDb } from '../../../lib/db/database';
import {
  getStoreSettings,
  getStoreSettingsView,
  removeStoreSettings,
  saveStoreSettings,
} from '../../../lib/db/store-settings-repo';
import { endpointOriginPattern, ownerPrefix, validateStoreSettings } from '../../../lib/store/store-settings';

const input = {
  endpoint: 'https://s3.eu-west-1.amazonaws.com/',
  bucket: 'acme-evidence',
  region: 'eu-west-1',
  prefix: '/iso27001/',
  mode: 'owner' as const,
  accessKeyId: 'AKIAEXAMPLE1234WXYZ',
  secretAccessKey: 's3cr3t/with+chars',
};

describe('team store settings', () => {
  it('normalises a good connection', () => {
    const r = validateStoreSettings(input, undefined, new Date('2026-11-30T00:00:00Z'));
    expect(r).toEqual({
      settings: {
        ...input,
        endpoint: 'https://s3.eu-west-1.amazonaws.com',
        prefix: 'iso27001',
        savedAt: '2026-11-30T00:00:00.000Z',
      },
    });
  });

  it('names every bad field at once', () => {
    const r = validateStoreSettings(
      {
        endpoint: 'http://s3.example.com',
        bucket: 'Bad_Bucket',
        region: 'EU West',
        prefix: 'a/../b',
        mode: 'owner',
        accessKeyId: '',
        secretAccessKey: '',
      },
      undefined,
    );
    expect('problems' in r && r.problems).toEqual([
      'Endpoint: "http://s3.example.com" must use https (plain http is accepted only on this machine, 127.0.0.1 or localhost).',
      'Bucket: "Bad_Bucket" may hold only lower-case letters, digits, dots and hyphens, and must start and end with a letter or digit.',
      'Region: "EU West" is not a region name such as eu-west-1.',
      'Prefix: "a/../b" must not contain empty, "." or ".." parts.',
      'Access key id: enter the key id (letters and digits).',
      'Secret access key: enter the secret.',
    ]);
  });

  it('accepts plain http on loopback only, and refuses a path or credentials in the endpoint', () => {
    const ok = validateStoreSettings({ ...input, endpoint: 'http://127.0.0.1:7480' }, undefined);
    expect('settings' in ok && ok.settings.endpoint).toBe('http://127.0.0.1:7480');
    for (const endpoint of [
      'https://s3.example.com/bucket',
      'https://u:p@s3.example.com',
      'ftp://x',
      'not a url',
    ]) {
      const r = validateStoreSettings({ ...input, endpoint }, undefined);
      expect('problems' in r && r.problems[0]).toMatch(/^Endpoint: /);
    }
  });

  it('keeps the saved secret when the field is left empty, unless the key id changes', () => {
    const first = validateStoreSettings(input, undefined);
    if (!('settings' in first)) throw new Error('expected settings');
    const kept = validateStoreSettings({ ...input, secretAccessKey: '' }, first.settings);
    expect('settings' in kept && kept.settings.secretAccessKey).toBe(input.secretAccessKey);
    const changed = validateStoreSettings(
      { ...input, accessKeyId: 'AKIAOTHER', secretAccessKey: '' },
      first.settings,
    );
    expect('problems' in changed && changed.problems).toEqual([
      'Secret access key: enter the secret of the new key id.',
    ]);
  });

  it('stores nothing when invalid; shows no secret and only the key id end; removes', async () => {
    const db = new ProofTrailDb(`store-settings-${Math.random()}`);
    expect(await saveStoreSettings(db, { ...input, bucket: 'x' })).toMatchObject({ ok: false });
    expect(await getStoreSettings(db)).toBeUndefined();
    const saved = await saveStoreSettings(db, input);
    expect(saved.ok).toBe(true);
    const view = await getStoreSettingsView(db);
    expect(JSON.stringify(view)).not.toContain(input.secretAccessKey);
    expect(JSON.stringify(view)).not.toContain(input.accessKeyId);
    expect(view?.accessKeyIdEnd).toBe('WXYZ');
    expect((await getStoreSettings(db))?.secretAccessKey).toBe(input.secretAccessKey);
    await removeStoreSettings(db);
    expect(await getStoreSettings(db)).toBeUndefined();
    db.close();
  });

  it('derives the host permission and the owner prefix', () => {
    expect(endpointOriginPattern('http://127.0.0.1:7480')).toBe('http://127.0.0.1/*');
    expect(ownerPrefix({ prefix: 'iso' }, 'FP')).toBe('iso/owners/FP/');
    expect(ownerPrefix({ prefix: '' }, 'FP')).toBe('owners/FP/');
  });
});

describe('the store credentials never leave this browser in a bundle', () => {
  it('a bundle exported after connecting holds neither the key id nor the secret', async () => {
    const { exportToBytes, storeCapture } = await import('../helpers');
    const { readZip } = await import('../../../lib/verify/read-zip');
    const db = new ProofTrailDb(`store-export-${Math.random()}`);
    expect((await saveStoreSettings(db, input)).ok).toBe(true);
    await storeCapture(db);
    const { bytes } = await exportToBytes(db);
    const archive = await readZip(bytes);
    for (const name of archive.names) {
      const text = new TextDecoder('latin1').decode(await archive.read(name, 64 << 20));
      expect(text, name).not.toContain(input.secretAccessKey);
      expect(text, name).not.toContain(input.accessKeyId);
    }
    db.close();
  });
});
