import { useState } from 'preact/hooks';
import { Fingerprint } from '../../components/Fingerprint';
import { makeThumbnail } from '../../lib/capture/thumbnail';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { settingsTsaRoots } from '../../lib/db/tsa-settings-repo';
import { ImportRefused, importBundle } from '../../lib/import/import-bundle';
import { SignersNotTrusted, type UntrustedSigner } from '../../lib/import/signers-not-trusted';
import { trustedRootsWith } from '../../lib/tsa/default-roots';

type Outcome =
  | { kind: 'status'; text: string; lines?: string[]; error?: boolean }
  | { kind: 'untrusted'; file: File; signers: UntrustedSigner[] };

/**
 * Import a teammate's bundle: verified first; a tampered one is refused with the report. A bundle
 * signed by a key not trusted yet shows each key's fingerprint and claimed identity, and is imported
 * only once the person trusts those keys explicitly.
 */
export function ImportPanel({ onImported }: { onImported(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const run = async (file: File, trust?: string[]) => {
    setBusy(true);
    setOutcome({ kind: 'status', text: `Verifying ${file.name}…` });
    try {
      const db = getDb();
      const me = await getIdentity(db);
      if (!me) throw new Error('Set your name and email in Settings first: imports record who made them.');
      const r = await importBundle(db, file, {
        fileName: file.name,
        actor: me,
        makeThumbnail,
        verifyOptions: { trustedTsaRoots: trustedRootsWith(await settingsTsaRoots(db)) },
        ...(trust ? { trust } : {}),
      });
      const skipped = r.skipped.length
        ? ` ${r.skipped.length} skipped (${[...new Set(r.skipped.map((s) => s.reason))].join('; ')}).`
        : '';
      const trusted = trust?.length
        ? ` Trusted ${trust.length} new key${trust.length === 1 ? '' : 's'} (see Settings → Trusted signers).`
        : '';
      // The list (and the search index) takes the new captures before "Imported" is announced.
      await onImported();
      setOutcome({
        kind: 'status',
        text: r.imported.length
          ? `Imported ${r.imported.length} capture${r.imported.length === 1 ? '' : 's'} from ${file.name}.${skipped}${trusted}`
          : `Nothing new in ${file.name}.${skipped}${trusted}`,
      });
    } catch (e) {
      if (e instanceof SignersNotTrusted) setOutcome({ kind: 'untrusted', file, signers: e.signers });
      else
        setOutcome({
          kind: 'status',
          text: e instanceof Error ? e.message : String(e),
          lines: e instanceof ImportRefused ? e.lines : undefined,
          error: true,
        });
    } finally {
      setBusy(false);
    }
  };
  const onFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void run(file);
  };
  return (
    <section class="import-panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a teammate’s bundle</h2>
      <p class="small muted">
        The bundle is verified first. A bundle that fails is refused and nothing is imported; captures already
        here are skipped. Imported captures keep their capturer, signature and timestamps. Keys you have not
        trusted yet are shown for you to check before anything is imported.
      </p>
      <label>
        Bundle (.zip)
        <input
          type="file"
          accept=".zip,application/zip"
          disabled={busy}
          onChange={(e) => onFile(e.currentTarget)}
        />
      </label>
      {outcome?.kind === 'status' && (
        <div
          role={outcome.error ? 'alert' : 'status'}
          class={outcome.error ? 'error small' : 'small import-status'}
        >
          <p>{outcome.text}</p>
          {outcome.lines && (
            <ul class="report-lines">
              {outcome.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome?.kind === 'untrusted' && (
        <UntrustedSigners
          outcome={outcome}
          busy={busy}
          onTrust={() =>
            void run(
              outcome.file,
              outcome.signers.map((s) => s.fingerprint),
            )
          }
          onCancel={() => setOutcome({ kind: 'status', text: `${outcome.file.name} was not imported.` })}
        />
      )}
    </section>
  );
}

/** The keys a bundle is signed by that are not trusted yet, and what trusting them means. */
function UntrustedSigners(props: {
  outcome: Extract<Outcome, { kind: 'untrusted' }>;
  busy: boolean;
  onTrust(): void;
  onCancel(): void;
}) {
  const { file, signers } = props.outcome;
  const many = signers.length > 1;
  return (
    <div role="alert" class="small untrusted-signers">
      <p>
        {file.name} is signed by {many ? `${signers.length} keys` : 'a key'} this library does not trust yet,
        so nothing was imported.
      </p>
      <p class="muted">
        A bundle can claim any name: only the key proves who signed. Before trusting a key, ask its owner to
        read you the fingerprint from their ProofTrail Settings, in person or by phone (not by replying to the
        message that brought this bundle), and compare it with the one below.
      </p>
      <ul class="untrusted-list">
        {signers.map((s) => (
          <li key={s.fingerprint} data-fingerprint={s.fingerprint} data-reason={s.reason}>
            <span class="who">
              {s.name} &lt;{s.email}&gt;
            </span>{' '}
            <span class="muted">(claimed by the bundle)</span>
            <br />
            Key <Fingerprint value={s.fingerprint} />
            {s.reason === 'key-changed' ? (
              <p class="status-warn key-changed">
                <strong>Warning: the key for {s.email} has changed.</strong> You trust another key for this
                address
                {s.trustedFingerprint && (
                  <>
                    {' '}
                    (<Fingerprint value={s.trustedFingerprint} />)
                  </>
                )}
                . Either {s.name} now signs from a new browser or a reinstalled one, or someone else is
                signing in their name. Trust the new key only once {s.name} has confirmed it; it then replaces
                the old one, and bundles signed by the old key are refused.
              </p>
            ) : (
              <p class="muted">New key: no key is trusted for {s.email} yet.</p>
            )}
          </li>
        ))}
      </ul>
      <div class="export-actions">
        <button type="button" class="primary" disabled={props.busy} onClick={props.onTrust}>
          Trust {many ? 'these keys' : 'this key'} and import
        </button>
        <button type="button" disabled={props.busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
