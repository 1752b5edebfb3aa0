import { formatLocal, shortUrl } from '../../components/format';
import type { DeletionRecord } from '../../lib/formats/deletion-record';
import { shortHash } from '../../lib/integrity/sha256';

/** Props of the deletion log. */
export interface DeletionLogProps {
  deletions: DeletionRecord[];
}

/** Every deletion made, newest first: deleting evidence is itself recorded. */
export function DeletionLog({ deletions }: DeletionLogProps) {
  return (
    <section class="deletions" aria-labelledby="deletions-heading">
      <h2 id="deletions-heading">Deletion log</h2>
      {deletions.length === 0 ? (
        <p class="muted">No evidence has been deleted.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Deleted</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
              <th scope="col">Controls</th>
              <th scope="col">Page</th>
              <th scope="col">Captured</th>
              <th scope="col">Image SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {deletions.map((d) => (
              <tr key={d.id}>
                <td>{formatLocal(d.deletedAt)}</td>
                <td>
                  {d.deletedBy.name} &lt;{d.deletedBy.email}&gt;
                </td>
                <td>{d.reason}</td>
                <td class="mono">{d.controlIds.join(', ')}</td>
                <td>{shortUrl(d.pageUrl)}</td>
                <td>{formatLocal(d.capturedAt)}</td>
                <td class="mono">{shortHash(d.imageSha256)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
