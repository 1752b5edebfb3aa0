import { useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database';
import { parseRequestList } from '../../lib/requests/parse-request-list';
import { importRequests, RequestError } from '../../lib/requests/requests-repo';

/** Imports an auditor's request list (CSV); a bad file is refused whole with every bad row listed. */
export function RequestImportForm({ onImported }: { onImported(): Promise<void> }) {
  const [file, setFile] = useState<File>();
  const [result, setShown] = useState<{ text: string; problems?: string[]; run: number }>();
  const setResult = (r: { text: string; problems?: string[] }) =>
    setShown((old) => ({ ...r, run: (old?.run ?? 0) + 1 }));
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!file) return setResult({ text: 'Choose a CSV file first.', problems: [] });
    setBusy(true);
    try {
      const parsed = parseRequestList(await file.text());
      if (!parsed.ok)
        return setResult({
          text: `${file.name} was not imported; nothing was changed:`,
          problems: parsed.problems,
        });
      const { added, updated } = await importRequests(getDb(), parsed.requests, file.name);
      await onImported();
      setResult({ text: `Imported ${file.name}: ${added} new requests, ${updated} updated.` });
    } catch (e) {
      setResult(
        e instanceof RequestError
          ? { text: `${file.name} was not imported; nothing was changed:`, problems: e.problems }
          : { text: `Import failed: ${e instanceof Error ? e.message : String(e)}`, problems: [] },
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="request-import"
      aria-label="Import a request list"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Request list (CSV)
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
      </label>
      <button type="submit" disabled={busy}>
        Import requests
      </button>
      <div role="status" class="request-import-result" data-run={result?.run ?? 0}>
        {result && <p class={result.problems ? 'error' : 'ok'}>{result.text}</p>}
        {result?.problems && result.problems.length > 0 && (
          <ul class="problems">
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
