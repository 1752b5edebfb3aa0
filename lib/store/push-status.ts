import type { ProofTrailDb } from '../db/database';
import type { StoreObjectRow } from '../db/store-object-row';

/** Where one capture stands with the team store, from the rows of its objects. */
export type CaptureStoreStatus =
  | { state: 'stored'; retainUntil?: string; lockMode?: string }
  | { state: 'waiting'; tries: number; reason?: string; nextAttemptAt: string }
  | { state: 'conflict'; reason: string }
  | { state: 'gone' };

export function captureStoreStatus(rows: readonly StoreObjectRow[]): CaptureStoreStatus | undefined {
  if (!rows.length) return undefined;
  const conflict = rows.find((r) => r.state === 'conflict');
  if (conflict)
    return { state: 'conflict', reason: conflict.reason ?? `a different object is at ${conflict.key}` };
  const waiting = rows.filter((r) => r.state === 'waiting');
  if (waiting.length) {
    const worst = waiting.reduce((a, b) => (b.tries > a.tries ? b : a));
    return {
      state: 'waiting',
      tries: worst.tries,
      ...(worst.reason ? { reason: worst.reason } : {}),
      nextAttemptAt: waiting.map((r) => r.nextAttemptAt).sort()[0]!,
    };
  }
  const image = rows.find((r) => r.source.kind === 'image');
  if (image?.state === 'gone') return { state: 'gone' };
  return { state: 'stored', retainUntil: image?.retainUntil, lockMode: image?.lockMode };
}

/** One line for a person: "in store · retained until …", "waiting (3 tries): …". */
export function describeCaptureStoreStatus(
  status: CaptureStoreStatus,
  formatDate: (iso: string) => string,
): string {
  switch (status.state) {
    case 'stored':
      return status.retainUntil ? `in store · retained until ${formatDate(status.retainUntil)}` : 'in store';
    case 'waiting':
      return status.tries === 0
        ? 'waiting to be sent'
        : `waiting (${status.tries} ${status.tries === 1 ? 'try' : 'tries'}): ${status.reason ?? 'no reason given'}`;
    case 'conflict':
      return `not sent: ${status.reason}`;
    case 'gone':
      return 'deleted before it reached the store (its deletion is in the store)';
  }
}

/** The status of each of `captureIds`, in one read. */
export async function captureStoreStatuses(
  db: ProofTrailDb,
  captureIds: readonly string[],
): Promise<Map<string, CaptureStoreStatus>> {
  const rows = await db.storeObjects
    .where('captureId')
    .anyOf([...captureIds])
    .toArray();
  const byCapture = new Map<string, StoreObjectRow[]>();
  for (const r of rows)
    if (r.captureId) byCapture.set(r.captureId, [...(byCapture.get(r.captureId) ?? []), r]);
  const out = new Map<string, CaptureStoreStatus>();
  for (const [id, list] of byCapture) {
    const status = captureStoreStatus(list);
    if (status) out.set(id, status);
  }
  return out;
}

export interface QueueSummary {
  stored: number;
  waiting: number;
  conflict: number;
  gone: number;
  /** The waiting object tried most often, with why it failed. */
  worst?: { key: string; tries: number; reason?: string; nextAttemptAt: string };
}

export async function queueSummary(db: ProofTrailDb): Promise<QueueSummary> {
  const count = (state: StoreObjectRow['state']) => db.storeObjects.where('state').equals(state).count();
  const [stored, waiting, conflict, gone] = await Promise.all([
    count('stored'),
    count('waiting'),
    count('conflict'),
    count('gone'),
  ]);
  let worst: QueueSummary['worst'];
  if (waiting)
    await db.storeObjects
      .where('state')
      .equals('waiting')
      .each((r) => {
        if (!worst || r.tries > worst.tries)
          worst = { key: r.key, tries: r.tries, reason: r.reason, nextAttemptAt: r.nextAttemptAt };
      });
  return { stored, waiting, conflict, gone, ...(worst ? { worst } : {}) };
}
