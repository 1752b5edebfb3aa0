import { useState } from 'preact/hooks';
import { Fingerprint } from '../../components/Fingerprint';
import { makeMissingPreviews } from '../../lib/capture/missing-previews';
import { makeThumbnail } from '../../lib/capture/thumbnail';
import { getDb } from '../../lib/db/database';
import { getStoreSettings } from '../../lib/db/store-settings-repo';
import { S3Client } from '../../lib/store/s3-client';
import { ownersPrefix } from '../../lib/store/store-settings';
import { type SyncResult, syncFromStore } from '../../lib/store/sync-from-store';

/**
 * A reader's "Read the team's evidence": every owner's folder verified and what is new stored here
 * as teammates' evidence (lib/store/sync-from-store.ts). Owners whose keys are not trusted yet are
 * listed with their fingerprints, and read only once the person trusts them.
 */
export function StoreReadPanel() {
  const db = getDb();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string>();
  const [result, setResult] = useState<SyncResult>();
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());

  const run = async (trust?: string[]) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const settings = await getStoreSettings(db);
      if (!settings) throw new Error('Save the store first.');
      const r = await syncFromStore(new S3Client(settings, settings), db, ownersPrefix(settings), {
        onProgress: setProgress,
        ...(trust ? { trust } : {}),
      });
      setResult(r);
      // Previews after the read, while this page is open; until then the library shows the image.
      void makeMissingPreviews(db, r.addedCaptureIds, makeThumbnail).catch(() => undefined);
      setChosen(new Set());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  const added = result?.owners.reduce((n, o) => n + o.added, 0) ?? 0;
  return (
    <fieldset class="store-read">
      <legend>The team's evidence</legend>
      <p class="muted" style={{ margin: '0 0 6px' }}>
        Reads every owner's folder, verifies each owner's ledger and signatures and every file against the
        entry that signs it, and adds what is new to this library (Evidence library, Coverage, exports).
      </p>
      <button type="button" disabled={busy} onClick={() => void run()}>
        {busy ? 'Reading…' : "Read the team's evidence"}
      </button>
      <div role="status" class="store-read-status">
        {progress && <p>{progress}</p>}
        {result && (
          <>
            <p>
              {result.owners.length === 0
                ? `No owner has sent evidence to ${result.store} yet.`
                : `${added} new capture${added === 1 ? '' : 's'} from ${result.store}.`}
            </p>
            <ul>
              {result.owners.map((o) => (
                <li
                  key={o.fingerprint}
                  data-owner={o.fingerprint}
                  class={o.problems.length ? 'error' : undefined}
                >
                  {o.name ? `${o.name} <${o.email}>` : o.fingerprint}:{' '}
                  {o.problems.length
                    ? `refused: ${o.problems.join(' · ')}`
                    : result.untrusted.some((u) => u.fingerprint === o.fingerprint)
                      ? 'key not trusted yet: nothing stored'
                      : `${o.added} new, ${o.skipped} already here or deleted by their owner`}
                </li>
              ))}
            </ul>
          </>
        )}
        {error && <p class="error">{error}</p>}
      </div>
      {result && result.untrusted.length > 0 && (
        <div class="store-untrusted">
          <p>
            <strong>Keys not trusted yet.</strong> A folder can claim any name: only the key proves who
            signed. Ask each owner to read you the fingerprint from their Settings, in person or by phone,
            before trusting it.
          </p>
          <ul>
            {result.untrusted.map((u) => (
              <li key={u.fingerprint}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(u.fingerprint)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.currentTarget.checked) next.add(u.fingerprint);
                      else next.delete(u.fingerprint);
                      setChosen(next);
                    }}
                  />
                  {u.name} &lt;{u.email}&gt;
                </label>{' '}
                <Fingerprint value={u.fingerprint} />
                {u.reason === 'key-changed' && (
                  <p class="status-warn">
                    You trust another key for {u.email}: trusting this one replaces it.
                  </p>
                )}
              </li>
            ))}
          </ul>
          <button type="button" disabled={busy || chosen.size === 0} onClick={() => void run([...chosen])}>
            Trust the checked keys and read
          </button>
        </div>
      )}
    </fieldset>
  );
}
