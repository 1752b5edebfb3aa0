import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database';
import { getDeviceKey } from '../../lib/db/keys-repo';
import {
  getStoreSettings,
  getStoreSettingsView,
  removeStoreSettings,
  saveStoreSettings,
} from '../../lib/db/store-settings-repo';
import { S3Client } from '../../lib/store/s3-client';
import {
  endpointOriginPattern,
  ownerPrefix,
  ownersPrefix,
  parseEndpoint,
  type StoreMode,
  type StoreSettingsView,
} from '../../lib/store/store-settings';
import { type ConnectionReport, testConnection } from '../../lib/store/test-connection';
import { FormStatus, type FormStatusValue } from './FormStatus';
import { StorePushStatus } from './StorePushStatus';
import { StoreReadPanel } from './StoreReadPanel';

interface Fields {
  endpoint: string;
  bucket: string;
  region: string;
  prefix: string;
  mode: StoreMode;
  accessKeyId: string;
  secretAccessKey: string;
  retainDays: string;
}

const empty: Fields = {
  endpoint: '',
  bucket: '',
  region: 'us-east-1',
  prefix: '',
  mode: 'owner',
  accessKeyId: '',
  secretAccessKey: '',
  retainDays: '',
};

/**
 * Asks for the endpoint's origin. Must be called before the click handler's first `await`:
 * Firefox honours a permission request only within the task of the user's click. A request
 * refused for want of a gesture falls back to what is already granted (the automation build).
 */
function requestEndpointAccess(endpoint: string): Promise<boolean> {
  const origins = [endpointOriginPattern(endpoint)];
  return browser.permissions.request({ origins }).catch(() => browser.permissions.contains({ origins }));
}

/**
 * The team's evidence store (docs/team-store.md): an S3 bucket with Object Lock in COMPLIANCE
 * mode. Saved credentials are never shown again: the key id's last four characters only.
 */
export function TeamStoreSettings() {
  const db = getDb();
  const [fields, setFields] = useState<Fields>();
  const [saved, setSaved] = useState<StoreSettingsView>();
  const [status, setStatus] = useState<FormStatusValue>();
  const [report, setReport] = useState<ConnectionReport>();
  const [testing, setTesting] = useState(false);

  const load = async () => {
    const view = await getStoreSettingsView(db);
    setSaved(view);
    setFields(
      view
        ? {
            endpoint: view.endpoint,
            bucket: view.bucket,
            region: view.region,
            prefix: view.prefix,
            mode: view.mode,
            accessKeyId: '',
            secretAccessKey: '',
            retainDays: view.retainDays ? String(view.retainDays) : '',
          }
        : empty,
    );
  };
  useEffect(() => {
    void load();
  }, []);
  if (!fields) return null;
  const set = (name: keyof Fields) => (e: Event) =>
    setFields({ ...fields, [name]: (e.currentTarget as HTMLInputElement).value });

  const save = async (e: Event) => {
    e.preventDefault();
    setReport(undefined);
    const endpoint = parseEndpoint(fields.endpoint);
    // Asked first, before any await, while the click still counts as a user gesture.
    const access = 'origin' in endpoint ? requestEndpointAccess(endpoint.origin) : undefined;
    try {
      // The key id field is left empty to keep the saved key (its secret is kept with it).
      const previous = await getStoreSettings(db);
      const accessKeyId = fields.accessKeyId.trim() || previous?.accessKeyId || '';
      if ('origin' in endpoint && access && !(await access))
        return setStatus({
          ok: false,
          lines: [
            `Access to ${new URL(endpoint.origin).host} was not granted, so ProofTrail cannot reach the store. Nothing was saved.`,
          ],
        });
      const days = fields.retainDays.trim();
      const result = await saveStoreSettings(db, {
        ...fields,
        accessKeyId,
        retainDays: days ? Number(days) : undefined,
      });
      if (!result.ok) return setStatus({ ok: false, lines: result.problems });
      await load();
      setStatus({
        ok: true,
        lines: [
          `Team store saved: ${result.view.endpoint}, bucket ${result.view.bucket}${result.view.prefix ? `, prefix ${result.view.prefix}` : ''}, ${result.view.mode === 'owner' ? 'as an owner (this browser pushes its evidence)' : 'read-only'}. Press Test connection to check it.`,
        ],
      });
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    }
  };

  const test = async () => {
    setTesting(true);
    setReport(undefined);
    try {
      const settings = await getStoreSettings(db);
      if (!settings) return setStatus({ ok: false, lines: ['Save the store first.'] });
      const client = new S3Client(settings, settings);
      const result =
        settings.mode === 'owner'
          ? await testConnection(client, {
              mode: 'owner',
              testPrefix: `${ownerPrefix(settings, (await getDeviceKey(db)).fingerprint)}connection-tests/`,
            })
          : await testConnection(client, { mode: 'reader', ownersPrefix: ownersPrefix(settings) });
      setReport(result);
      setStatus(undefined);
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    } finally {
      setTesting(false);
    }
  };

  const disconnect = async () => {
    await removeStoreSettings(db);
    setReport(undefined);
    await load();
    setStatus({
      ok: true,
      lines: [
        'The team store was removed from this browser, with its credentials. Nothing in the store was changed.',
      ],
    });
  };

  return (
    <section aria-labelledby="store-heading">
      <h2 id="store-heading">Team evidence store</h2>
      <p class="muted">
        An S3 bucket with Object Lock in COMPLIANCE mode (AWS S3, Ceph RGW, MinIO…) where every owner's
        evidence is kept write-once. Optional: without it, evidence stays in this browser. The key should only
        be allowed to put and get objects under this browser's folder (owners) or to list and read them
        (readers); the bucket policy and CORS rule to paste are in the documentation.
      </p>
      <form class="capture-settings" onSubmit={save} aria-label="Team evidence store" noValidate>
        <label>
          Endpoint
          <input
            type="url"
            value={fields.endpoint}
            placeholder="https://s3.eu-west-1.amazonaws.com"
            onInput={set('endpoint')}
            autocomplete="off"
          />
        </label>
        <div class="row">
          <label>
            Bucket
            <input value={fields.bucket} onInput={set('bucket')} autocomplete="off" spellcheck={false} />
          </label>
          <label>
            Region
            <input value={fields.region} onInput={set('region')} autocomplete="off" spellcheck={false} />
          </label>
          <label>
            Prefix
            <input
              value={fields.prefix}
              placeholder="(none)"
              onInput={set('prefix')}
              autocomplete="off"
              spellcheck={false}
            />
          </label>
        </div>
        <label>
          Keep each object locked for (days)
          <input
            type="number"
            min={1}
            step={1}
            value={fields.retainDays}
            placeholder="the bucket's default retention"
            onInput={set('retainDays')}
            aria-describedby="store-retain-help"
          />
        </label>
        <p id="store-retain-help" class="muted" style={{ margin: 0 }}>
          Empty: each object is locked for the bucket's default retention. A number: each object is locked in
          COMPLIANCE mode for that many days from its upload (where the store honours per-object retention).
        </p>
        <fieldset class="store-mode">
          <legend>This browser</legend>
          <label class="check">
            <input
              type="radio"
              name="store-mode"
              checked={fields.mode === 'owner'}
              onChange={() => setFields({ ...fields, mode: 'owner' })}
            />
            pushes its own evidence (control owner)
          </label>
          <label class="check">
            <input
              type="radio"
              name="store-mode"
              checked={fields.mode === 'reader'}
              onChange={() => setFields({ ...fields, mode: 'reader' })}
            />
            reads every owner's evidence (compliance staff, read-only)
          </label>
        </fieldset>
        <div class="row">
          <label>
            Access key id
            <input
              value={fields.accessKeyId}
              placeholder={saved ? `saved key …${saved.accessKeyIdEnd} (leave empty to keep)` : ''}
              onInput={set('accessKeyId')}
              autocomplete="off"
              spellcheck={false}
            />
          </label>
          <label>
            Secret access key
            <input
              type="password"
              value={fields.secretAccessKey}
              placeholder={saved ? 'saved (leave empty to keep)' : ''}
              onInput={set('secretAccessKey')}
              autocomplete="new-password"
            />
          </label>
        </div>
        <div class="row">
          <button type="submit" class="primary">
            Save team store
          </button>
          <button type="button" disabled={!saved || testing} onClick={() => void test()}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
          {saved && (
            <button type="button" onClick={() => void disconnect()}>
              Remove team store
            </button>
          )}
        </div>
        <FormStatus status={status} class="capture-status" />
        {saved?.mode === 'owner' && <StorePushStatus />}
        {saved?.mode === 'reader' && <StoreReadPanel />}
        <div role="status" class="store-report">
          {report && (
            <>
              <p class={report.ok ? 'ok' : 'error'}>
                {report.ok ? 'The store is ready for evidence.' : 'The store is not ready for evidence:'}
              </p>
              <ul>
                {report.checks.map((c) => (
                  <li key={c.id} data-check={c.id} class={c.ok ? 'ok' : 'error'}>
                    <span aria-hidden="true">{c.ok ? '✓ ' : '✗ '}</span>
                    <span class="visually-hidden">{c.ok ? 'Passed: ' : 'Failed: '}</span>
                    {c.detail}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </form>
    </section>
  );
}
