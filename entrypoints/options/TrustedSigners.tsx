import { useEffect, useState } from 'preact/hooks';
import { Fingerprint } from '../../components/Fingerprint';
import { formatLocal } from '../../components/format';
import { getDb } from '../../lib/db/database';
import { getDeviceKey } from '../../lib/db/keys-repo';
import { getIdentity, validateIdentity } from '../../lib/db/settings-repo';
import { listTrustedSigners, trustSigners, untrustSigner } from '../../lib/db/trusted-signers-repo';
import type { DeviceKeyRow, Identity, TrustedSignerRow } from '../../lib/db/types';
import {
  parseFingerprints,
  parseSignersFile,
  type SignersFileEntry,
  SignersFileError,
  signersFileName,
  writeSignersFile,
} from '../../lib/formats/signers-file';
import { downloadBlob } from '../library/download';
import { FormStatus, type FormStatusValue } from './FormStatus';

const SOURCE: Record<TrustedSignerRow['source'], string> = {
  import: 'Trusted on import',
  manual: 'Added by hand',
  'signers-file': 'From a signers file',
};

/** One entry of a signers file being imported, and what trusting it would do. */
interface PreviewEntry extends SignersFileEntry {
  note: 'new' | 'trusted' | 'device' | 'replaces' | 'relabels' | 'claims-mine';
  /** The row it would replace or re-label. */
  old?: TrustedSignerRow;
}

interface Preview {
  fileName: string;
  entries: PreviewEntry[];
  /** Why the file cannot be imported as it is (one key per e-mail). */
  problems: string[];
}

/**
 * The keys this library trusts to sign the bundles it imports, and the signers file compliance
 * staff give auditors (this device's key and every trusted key).
 */
export function TrustedSigners({ identity: me }: { identity?: Identity }) {
  const db = getDb();
  const [rows, setRows] = useState<TrustedSignerRow[]>();
  const [device, setDevice] = useState<DeviceKeyRow>();
  const [confirming, setConfirming] = useState<string>();
  const [listStatus, setListStatus] = useState<FormStatusValue>();
  const refresh = async () => {
    setRows(await listTrustedSigners(db));
    setDevice(await getDeviceKey(db));
  };
  useEffect(() => void refresh(), []);

  const remove = async (row: TrustedSignerRow) => {
    await untrustSigner(db, row.fingerprint);
    await refresh();
    setConfirming(undefined);
    setListStatus({
      ok: true,
      lines: [`Stopped trusting the key of ${row.name} <${row.email}>.`],
    });
  };

  if (!rows) return null;
  return (
    <section aria-labelledby="trusted-heading">
      <h2 id="trusted-heading">Trusted signers</h2>
      <p class="muted">
        A bundle is imported only when every key that signed it is trusted here. A signature proves only that
        whoever holds the key signed; it is the fingerprint you trust that ties the key to a person. Before
        trusting a new key, compare its fingerprint with its owner over another channel than the one that
        brought the bundle (in person or by phone). This device's own key is always trusted.
      </p>
      <table class="signers" aria-label="Trusted signers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Since</th>
            <th scope="col">How</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {device && (
            <tr data-fingerprint={device.fingerprint}>
              <td>{me?.name ?? '(set your name above)'}</td>
              <td>{me?.email ?? ''}</td>
              <td>
                <Fingerprint value={device.fingerprint} />
              </td>
              <td>{formatLocal(device.createdAt)}</td>
              <td>This device’s key</td>
              <td />
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.fingerprint} data-fingerprint={r.fingerprint}>
              <td>{r.name}</td>
              <td>{r.email}</td>
              <td>
                <Fingerprint value={r.fingerprint} />
              </td>
              <td>{formatLocal(r.trustedAt)}</td>
              <td>
                {SOURCE[r.source] ?? r.source}
                {r.from && <span class="muted"> ({r.from})</span>}
              </td>
              <td>
                {confirming === r.fingerprint ? (
                  <fieldset class="confirm" aria-label={`Confirm removing ${r.name}`}>
                    <span>
                      Stop trusting this key? Bundles it signs will be refused until it is trusted again.
                    </span>
                    <button type="button" class="danger" onClick={() => void remove(r)}>
                      Stop trusting
                    </button>
                    <button type="button" onClick={() => setConfirming(undefined)}>
                      Cancel
                    </button>
                  </fieldset>
                ) : (
                  <button
                    type="button"
                    onClick={() => setConfirming(r.fingerprint)}
                    aria-label={`Remove ${r.name} <${r.email}>`}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="muted">No teammate’s key is trusted yet.</p>}
      <FormStatus status={listStatus} class="status signers-status" />
      <AddSigner device={device} onAdded={refresh} />
      <ImportSignersFile rows={rows} device={device} me={me} onImported={refresh} />
      <ExportSignersFile rows={rows} />
    </section>
  );
}

/** Trusts one key typed or pasted in, with the identity of its owner. */
function AddSigner({ device, onAdded }: { device?: DeviceKeyRow; onAdded(): Promise<void> }) {
  const db = getDb();
  const [fingerprint, setFingerprint] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<FormStatusValue>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = parseFingerprints(fingerprint);
    const lines = [...parsed.errors];
    if (!parsed.errors.length && parsed.fingerprints.length !== 1)
      lines.push(
        parsed.fingerprints.length
          ? `Paste one fingerprint here (found ${parsed.fingerprints.length}); import a signers file for several.`
          : 'Fingerprint is required.',
      );
    const identityProblem = validateIdentity({ name, email });
    if (identityProblem) lines.push(identityProblem);
    const fp = parsed.fingerprints[0];
    if (fp && fp === device?.fingerprint) lines.push('That is this device’s own key: it is always trusted.');
    if (lines.length || !fp) return setStatus({ ok: false, lines });
    try {
      const r = await trustSigners(db, [
        { fingerprint: fp, name, email, trustedAt: new Date().toISOString(), source: 'manual' },
      ]);
      await onAdded();
      setStatus({
        ok: true,
        lines: [
          r.unchanged.length
            ? `That key was already trusted for ${email.trim()}.`
            : `Trusted the key of ${name.trim()} <${email.trim()}>.`,
          ...r.replaced.map(
            (o) => `It replaces the key trusted for ${o.email} since ${formatLocal(o.trustedAt)}.`,
          ),
        ],
      });
      setFingerprint('');
      setName('');
      setEmail('');
    } catch (err) {
      setStatus({ ok: false, lines: [(err as Error).message] });
    }
  };
  return (
    <>
      <h3>Add a signer</h3>
      <form class="trust-form" onSubmit={submit} aria-label="Add a trusted signer" noValidate>
        <label class="wide">
          Fingerprint
          <input
            class="mono"
            value={fingerprint}
            onInput={(e) => setFingerprint(e.currentTarget.value)}
            placeholder="abcd efgh … (as their Settings show it)"
            spellcheck={false}
            autoComplete="off"
          />
        </label>
        <label>
          Name
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={200} />
        </label>
        <label>
          E-mail
          <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary wide">
          Trust this key
        </button>
        <FormStatus status={status} class="status trust-status wide" />
      </form>
    </>
  );
}

/** Reads a signers file, shows what trusting it would change, and trusts its keys when confirmed. */
function ImportSignersFile(props: {
  rows: TrustedSignerRow[];
  device?: DeviceKeyRow;
  me?: Identity;
  onImported(): Promise<void>;
}) {
  const db = getDb();
  const [preview, setPreview] = useState<Preview>();
  const [status, setStatus] = useState<FormStatusValue>();
  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setPreview(undefined);
    setStatus(undefined);
    try {
      const parsed = parseSignersFile(new Uint8Array(await file.arrayBuffer()), file.name);
      setPreview(previewOf(file.name, parsed.signers, props));
    } catch (e) {
      setStatus({ ok: false, lines: e instanceof SignersFileError ? e.problems : [(e as Error).message] });
    }
  };
  const confirm = async () => {
    if (!preview) return;
    const trustedAt = new Date().toISOString();
    const take = preview.entries.filter((e) => e.note !== 'trusted' && e.note !== 'device');
    try {
      const r = await trustSigners(
        db,
        take.map((e) => ({
          fingerprint: e.fingerprint,
          name: e.name,
          email: e.email,
          trustedAt,
          source: 'signers-file' as const,
          from: preview.fileName,
        })),
      );
      await props.onImported();
      setPreview(undefined);
      setStatus({
        ok: true,
        lines: [
          `Trusted ${r.added.length} key${r.added.length === 1 ? '' : 's'} from ${preview.fileName}.`,
          ...r.replaced.map((o) => `Replaced the key trusted for ${o.email} (${o.name}).`),
        ],
      });
    } catch (e) {
      setStatus({ ok: false, lines: [(e as Error).message] });
    }
  };
  const changes = preview?.entries.filter((e) => e.note !== 'trusted' && e.note !== 'device').length ?? 0;
  return (
    <>
      <h3>Import a signers file</h3>
      <p class="muted">
        A signers file (<code>prooftrail-signers-….json</code>) lists keys and their owners, as exported
        below. You see what it would change before anything is trusted.
      </p>
      <label>
        Signers file (.json)
        <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e.currentTarget)} />
      </label>
      {preview && (
        <fieldset class="signers-preview" aria-label={`Keys in ${preview.fileName}`}>
          <p>
            {preview.fileName} lists {preview.entries.length} key{preview.entries.length === 1 ? '' : 's'}:
          </p>
          <ul class="preview">
            {preview.entries.map((e) => (
              <li key={e.fingerprint}>
                {e.name} &lt;{e.email}&gt; <Fingerprint value={e.fingerprint} /> <PreviewNote entry={e} />
              </li>
            ))}
          </ul>
          {preview.problems.length > 0 ? (
            <ul class="error">
              {preview.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            <div class="confirm">
              <button type="button" class="primary" disabled={!changes} onClick={() => void confirm()}>
                {changes ? `Trust ${changes} key${changes === 1 ? '' : 's'}` : 'Nothing new to trust'}
              </button>
              <button type="button" onClick={() => setPreview(undefined)}>
                Cancel
              </button>
            </div>
          )}
        </fieldset>
      )}
      <FormStatus status={status} class="status signers-file-status" />
    </>
  );
}

function PreviewNote({ entry: e }: { entry: PreviewEntry }) {
  if (e.note === 'trusted') return <span class="muted">already trusted</span>;
  if (e.note === 'device') return <span class="muted">this device’s key (always trusted)</span>;
  if (e.note === 'new') return <span class="muted">new</span>;
  if (e.note === 'claims-mine')
    return (
      <span class="warn">
        claims your e-mail with another key than this device’s: trust it only if it is yours (another browser)
      </span>
    );
  if (e.note === 'relabels')
    return (
      <span class="warn">
        already trusted as {e.old?.name} &lt;{e.old?.email}&gt;: its owner becomes the one above
      </span>
    );
  return (
    <span class="warn">
      replaces the key trusted for {e.old?.email} since {formatLocal(e.old?.trustedAt ?? '')} (
      <Fingerprint value={e.old?.fingerprint ?? ''} />
      ): check with {e.name} that their key really changed
    </span>
  );
}

function previewOf(
  fileName: string,
  signers: SignersFileEntry[],
  o: { rows: TrustedSignerRow[]; device?: DeviceKeyRow; me?: Identity },
): Preview {
  const byFingerprint = new Map(o.rows.map((r) => [r.fingerprint, r]));
  const entries: PreviewEntry[] = signers.map((s) => {
    if (s.fingerprint === o.device?.fingerprint) return { ...s, note: 'device' };
    const same = byFingerprint.get(s.fingerprint);
    if (same)
      return same.email.toLowerCase() === s.email.toLowerCase()
        ? { ...s, note: 'trusted' }
        : { ...s, note: 'relabels', old: same };
    const old = o.rows.find((r) => r.email.toLowerCase() === s.email.toLowerCase());
    if (old) return { ...s, note: 'replaces', old };
    if (o.me && o.me.email.toLowerCase() === s.email.toLowerCase()) return { ...s, note: 'claims-mine' };
    return { ...s, note: 'new' };
  });
  const problems: string[] = [];
  const perEmail = new Map<string, PreviewEntry[]>();
  for (const e of entries.filter((x) => x.note !== 'device')) {
    const key = e.email.toLowerCase();
    perEmail.set(key, [...(perEmail.get(key) ?? []), e]);
  }
  for (const [, list] of perEmail)
    if (list.length > 1)
      problems.push(
        `${fileName}: ${list[0]!.email} is listed with ${list.length} keys; this library trusts one key per e-mail. Remove the others from the file, or add the right key by hand.`,
      );
  return { fileName, entries, problems };
}

/** Downloads the signers file: this device's key and identity, and every trusted key. */
function ExportSignersFile({ rows }: { rows: TrustedSignerRow[] }) {
  const db = getDb();
  const [status, setStatus] = useState<FormStatusValue>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setStatus(undefined);
    try {
      const me = await getIdentity(db);
      const key = await getDeviceKey(db);
      if (!me || !key)
        throw new Error(
          'Set your name and email above first: the file lists this device’s key with who holds it.',
        );
      const now = new Date();
      const signers = [
        { fingerprint: key.fingerprint, name: me.name, email: me.email },
        ...rows
          .filter((r) => r.fingerprint !== key.fingerprint)
          .map((r) => ({ fingerprint: r.fingerprint, name: r.name, email: r.email })),
      ];
      const bytes = writeSignersFile(signers, now);
      const name = signersFileName(now);
      const saved = await downloadBlob(new Blob([bytes as BlobPart], { type: 'application/json' }), name);
      setStatus({
        ok: true,
        lines: [
          `Saved ${saved.split(/[\\/]/).pop() ?? name}: ${signers.length} signer${signers.length === 1 ? '' : 's'} (this device and ${rows.length} trusted key${rows.length === 1 ? '' : 's'}).`,
        ],
      });
    } catch (e) {
      setStatus({ ok: false, lines: [`Could not export: ${(e as Error).message}`] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h3>For auditors</h3>
      <p class="muted">
        Give auditors the signers file through a channel they trust (not inside the bundle): they check a
        bundle against it with <code>npx prooftrail verify BUNDLE --signers FILE</code> or in the bundle’s{' '}
        <code>verify.html</code>, and any key not listed fails.
      </p>
      <button type="button" disabled={busy} onClick={() => void save()}>
        Export trusted signers…
      </button>
      <FormStatus status={status} class="status export-signers-status" />
    </>
  );
}
