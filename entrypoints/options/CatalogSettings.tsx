import { useEffect, useState } from 'preact/hooks';
import { builtinControls } from '../../lib/catalog/builtin';
import { parseCatalogFile } from '../../lib/catalog/parse-catalog';
import { listCustomFrameworks, removeCustomFramework } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { importCatalogWithLedger } from '../../lib/ledger/import-with-ledger';

type Outcome = { kind: 'none' } | { kind: 'ok'; message: string } | { kind: 'error'; problems: string[] };

const builtinCounts = [
  ...builtinControls.reduce(
    (m, c) => m.set(c.framework, (m.get(c.framework) ?? 0) + 1),
    new Map<string, number>(),
  ),
];

/** Lists catalogs and imports custom ones from CSV or JSON; a bad file imports nothing. */
export function CatalogSettings() {
  const db = getDb();
  const [custom, setCustom] = useState<{ framework: string; count: number }[]>([]);
  const [framework, setFramework] = useState('Custom');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const refresh = () => listCustomFrameworks(db).then(setCustom);
  useEffect(() => void refresh(), []);

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const result = parseCatalogFile(file.name, await file.text(), framework);
    input.value = '';
    if (!result.ok) return setOutcome({ kind: 'error', problems: result.problems });
    try {
      const me = await getIdentity(db);
      if (!me)
        throw new Error('set your name and email above first: imports are recorded with who made them.');
      const done = await importCatalogWithLedger(db, result.controls, me);
      // The list shows the new catalog before the status announces it, so "Imported" means it is listed.
      await refresh();
      setOutcome({
        kind: 'ok',
        message: `Imported ${done.count} controls into ${done.frameworks.join(', ')} from ${file.name}.`,
      });
    } catch (e) {
      setOutcome({
        kind: 'error',
        problems: [`${file.name}: ${e instanceof Error ? e.message : String(e)}`],
      });
    }
  };

  return (
    <section aria-labelledby="catalogs-heading">
      <h2 id="catalogs-heading">Control catalogs</h2>
      <ul class="catalogs">
        {builtinCounts.map(([fw, n]) => (
          <li key={fw}>
            {fw}: {n} controls <span class="muted">(built in)</span>
          </li>
        ))}
        {custom.map((c) => (
          <li key={c.framework}>
            {c.framework}: {c.count} controls{' '}
            <button
              type="button"
              onClick={() => void removeCustomFramework(db, c.framework).then(refresh)}
              aria-label={`Remove catalog ${c.framework}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <h3>Import a catalog</h3>
      <p class="muted">
        CSV with columns <code>id,title[,framework]</code> (header optional), or JSON:{' '}
        <code>{'{"framework": "…", "controls": [{"id": "…", "title": "…"}]}'}</code>. Importing a framework
        again replaces it. A file with any error imports nothing.
      </p>
      <div class="import-row">
        <label>
          Framework name for rows without one
          <input value={framework} onInput={(e) => setFramework(e.currentTarget.value)} maxLength={100} />
        </label>
        <label>
          Catalog file
          <input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => void onFile(e.currentTarget)}
          />
        </label>
      </div>
      <div role="status" class="import-status">
        {outcome.kind === 'ok' && <p class="ok">{outcome.message}</p>}
        {outcome.kind === 'error' && (
          <div class="error">
            <p>Nothing was imported. Fix these problems and try again:</p>
            <ul>
              {outcome.problems.slice(0, 20).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
            {outcome.problems.length > 20 && <p>…and {outcome.problems.length - 20} more.</p>}
          </div>
        )}
      </div>
    </section>
  );
}
