import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import type { SearchHit, SyncReport } from '../../lib/search/capture-search';

/** What the library page asks its worker (library-worker.ts). */
export type WorkerRequest =
  /** Bring the search index in step with the captures (after the page loaded or changed them). */
  | { type: 'sync' }
  /** Captures matching a search and an address filter (either may be empty: no such condition). */
  | { type: 'search'; seq: number; query: string; urlContains: string }
  /** Every capture's ledger and timestamp status. */
  | { type: 'status' };

/** What the worker answers. */
export type WorkerReply =
  | { type: 'synced'; report: SyncReport }
  | { type: 'failed'; error: string }
  /** `hits` undefined: no condition given (everything matches). */
  | { type: 'results'; seq: number; hits?: SearchHit[]; ms: number }
  | { type: 'status'; status: Map<string, EvidenceStatus> };
