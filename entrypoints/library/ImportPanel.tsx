import { useState } from 'preact/hooks';
import { makeThumbnail } from '../../lib/capture/thumbnail';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { ImportRefused, importBundle } from '../../lib/import/import-bundle';

/** Import a teammate's bundle: verified first; a tampered one is refused with the report. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; lines?: string[]; error?: boolean }>();
  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setOutcome({ text: `Verifying ${file.name}…` });
    try {
      const db = getDb();
      const me = await getIdentity(db);
      if (!me) throw new Error('Set your name and email in Settings first: imports record who made them.');
      const r = await importBundle(db, new Uint8Array(await file.arrayBuffer()), {
        fileName: file.name,
        actor: me,
        makeThumbnail,
      });
      const skipped = r.skipped.length
        ? ` ${r.skipped.length} skipped (${[...new Set(r.skipped.map((s) => s.reason))].join('; ')}).`
        : '';
      setOutcome({
        text: r.imported.length
          ? `Imported ${r.imported.length} capture${r.imported.length === 1 ? '' : 's'} from ${file.name}.${skipped}`
          : `Nothing new in ${file.name}.${skipped}`,
      });
      onImported();
    } catch (e) {
      setOutcome({
        text: e instanceof Error ? e.message : String(e),
        lines: e instanceof ImportRefused ? e.lines : undefined,
        error: true,
      });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <section class="import-panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a teammate’s bundle</h2>
      <p class="small muted">
        The bundle is verified first. A bundle that fails is refused and nothing is imported; captures already
        here are skipped. Imported captures keep their capturer, signature and timestamps.
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
      {outcome && (
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
    </section>
  );
}
