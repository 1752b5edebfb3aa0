import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import type { SearchHit, SyncReport } from '../../lib/search/capture-search';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/** What the page hears from its worker. */
export interface WorkerListener {
  synced(report: SyncReport): void;
  status(status: Map<string, EvidenceStatus>): void;
  failed(error: string): void;
}

/** The library page's side of library-worker.ts: search, index reconciliation, ledger status, records. */
export class LibraryWorker {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, (r: { hits?: SearchHit[]; ms: number }) => void>();
  private readonly reads = new Map<number, (r: (CaptureMetadata | undefined)[]) => void>();

  constructor(private readonly listener: WorkerListener) {
    this.worker = new Worker(new URL('./library-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerReply>) => this.receive(e.data);
    this.worker.onerror = (e) => listener.failed(e.message || 'the library worker stopped');
  }

  /** Asks for the index to be brought in step with the captures (answers through `synced`). */
  sync(): void {
    this.send({ type: 'sync' });
  }

  /** Asks for every capture's status (answers through `status`). */
  status(): void {
    this.send({ type: 'status' });
  }

  /** The captures matching a search and an address filter; `hits` undefined when both are empty. */
  search(query: string, urlContains: string): Promise<{ hits?: SearchHit[]; ms: number }> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.send({ type: 'search', seq, query, urlContains });
    });
  }

  /**
   * The records of these captures, read in the worker: the page receives one message instead of
   * an IndexedDB reply per record (a scroll through 10,000 captures landed ~17 replies a frame).
   */
  records(ids: string[]): Promise<(CaptureMetadata | undefined)[]> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.reads.set(seq, resolve);
      this.send({ type: 'records', seq, ids });
    });
  }

  private send(m: WorkerRequest): void {
    this.worker.postMessage(m);
  }

  private receive(m: WorkerReply): void {
    if (m.type === 'results') {
      this.pending.get(m.seq)?.({ ...(m.hits ? { hits: m.hits } : {}), ms: m.ms });
      this.pending.delete(m.seq);
    } else if (m.type === 'records') {
      this.reads.get(m.seq)?.(m.records);
      this.reads.delete(m.seq);
    } else if (m.type === 'synced') this.listener.synced(m.report);
    else if (m.type === 'status') this.listener.status(m.status);
    else this.listener.failed(m.error);
  }
}
