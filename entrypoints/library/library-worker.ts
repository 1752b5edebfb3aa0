// The library page's worker: the full-text index (load, rebuild, reconcile, search) and the
// ledger status of every capture and the records of cards coming into view, read and computed here so the page's thread stays free to
// render and scroll. Started by library-worker-client.ts.

import { getDb } from '../../lib/db/database';
import { evidenceStatus } from '../../lib/ledger/evidence-status';
import { CaptureSearch, type SearchHit } from '../../lib/search/capture-search';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

const db = getDb();
const search = new CaptureSearch(db);
/** The reconciliation under way or last done; searches wait for it. */
let synced: Promise<unknown> = Promise.resolve();
const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data;
  if (m.type === 'sync') {
    synced = synced.then(() =>
      search.sync().then(
        (report) => post({ type: 'synced', report }),
        (err: unknown) => post({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
      ),
    );
  } else if (m.type === 'search') {
    void synced.then(() => {
      const t0 = performance.now();
      let hits: SearchHit[] | undefined;
      if (m.query.trim()) hits = search.search(m.query);
      if (m.urlContains.trim()) {
        const byUrl = new Set(search.urlContains(m.urlContains));
        hits = (hits ?? [...byUrl].map((id) => ({ id, fields: [] }))).filter((h) => byUrl.has(h.id));
      }
      post({ type: 'results', seq: m.seq, ...(hits ? { hits } : {}), ms: performance.now() - t0 });
    });
  } else if (m.type === 'records') {
    // Not behind the index's reconciliation: cards are waiting for these.
    void db.captures.bulkGet(m.ids).then(
      (records) => post({ type: 'records', seq: m.seq, records }),
      () => post({ type: 'records', seq: m.seq, records: [] }),
    );
  } else if (m.type === 'status') {
    void evidenceStatus(db).then(
      (status) => post({ type: 'status', status }),
      (err: unknown) => post({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
  }
};
