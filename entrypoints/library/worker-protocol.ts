import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import type { SearchHit, SyncReport } from '../../lib/search/capture-search';

/** What the library page asks its worker (library-worker.ts). */
export type WorkerRequest =
  /** Bring the search index in step with the captures (after the page loaded or changed them). */
  | { type: 'sync' }
  /** Captures matching a search and an address filter (either may be empty: no such condition). */
  | { type: 'search'; seq: number; query: string; urlContains: string }
  /** Every capture's ledger and timestamp status. */
  | { type: 'status' }
  /** The records of these captures (read here so their many reads land off the page's thread). */
  | { type: 'records'; seq: number; ids: string[] };

/** What the worker answers. */
export type WorkerReply =
  | { type: 'synced'; report: SyncReport }
  | { type: 'failed'; error: string }
  /** `hits` undefined: no condition given (everything matches). */
  | { type: 'results'; seq: number; hits?: SearchHit[]; ms: number }
  | { type: 'status'; status: Map<string, EvidenceStatus> }
  /** In the order asked; undefined where a capture is no longer stored. */
  | { type: 'records'; seq: number; records: (CaptureMetadata | undefined)[] };
