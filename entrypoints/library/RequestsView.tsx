import { useEffect, useState } from 'preact/hooks';
import { listCaptures } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import type { AuditRequestRow } from '../../lib/db/period-types';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { RequestProgress } from '../../lib/requests/request-progress';
import { listRequests, progressOf } from '../../lib/requests/requests-repo';
import { RequestImportForm } from './RequestImportForm';
import { RequestItem } from './RequestItem';
import './requests.css';

/**
 * The auditor's requests: import a request list, then each request as a checklist of its samples
 * and the captures fulfilling them, with its status, link and unlink, and its bundle's export.
 */
export function RequestsView() {
  const db = getDb();
  const [requests, setRequests] = useState<{ row: AuditRequestRow; progress: RequestProgress }[]>();
  const [captures, setCaptures] = useState<CaptureMetadata[]>([]);
  const reload = async () => {
    const rows = await listRequests(db);
    const withProgress = await Promise.all(
      rows.map(async (row) => ({ row, progress: await progressOf(db, row) })),
    );
    setCaptures(await listCaptures(db));
    setRequests(withProgress);
  };
  useEffect(() => {
    void reload();
    // Captures made in the popup or the panel meanwhile show when the library is looked at again.
    const onFocus = () => void reload();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);
  const byId = new Map(captures.map((c) => [c.id, c]));
  return (
    <section class="requests-view" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Auditor requests</h2>
      <RequestImportForm onImported={reload} />
      {requests === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : requests.length === 0 ? (
        <p class="empty">No request list imported yet.</p>
      ) : (
        <ul class="request-list">
          {requests.map(({ row, progress }) => (
            <li key={row.id}>
              <RequestItem
                request={row}
                progress={progress}
                captures={byId}
                allCaptures={captures}
                onChanged={reload}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
