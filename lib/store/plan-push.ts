import type { ProofTrailDb } from '../db/database';
import type { StoreObjectRow, StoreObjectSource } from '../db/store-object-row';
import type { DeviceKeyRow } from '../db/types';
import { PUBLIC_KEY_FORMAT } from '../formats/public-key';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { storePaths } from './store-paths';

const CURSOR_KEY = 'teamStorePushCursor';
const encode = (text: string) => new TextEncoder().encode(text);

/** The canonical bytes of a JSON object the store holds (records, the key, ledger lines). */
export function jsonBody(value: unknown, line = false): Uint8Array<ArrayBuffer> {
  return encode(`${canonicalJson(value)}${line ? '\n' : ''}`) as Uint8Array<ArrayBuffer>;
}

export function publicKeyBody(key: DeviceKeyRow): Uint8Array<ArrayBuffer> {
  return jsonBody({
    format: PUBLIC_KEY_FORMAT,
    jwk: key.publicJwk,
    fingerprint: key.fingerprint,
    createdAt: key.createdAt,
  });
}

/** How far planning has gone: the last ledger seq whose objects are queued. */
async function cursor(db: ProofTrailDb): Promise<number> {
  const row = await db.settings.get(CURSOR_KEY);
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Forgets what was planned and pushed (the store settings changed to another store). */
export async function resetPushPlan(db: ProofTrailDb): Promise<void> {
  await db.transaction('rw', db.storeObjects, db.settings, async () => {
    await db.storeObjects.clear();
    await db.settings.delete(CURSOR_KEY);
  });
}

/**
 * Queues the objects of every ledger entry committed since the last plan, and every timestamp
 * reply not yet queued, under `ownerPrefix`. Reads records, never image bytes. Run after commits,
 * outside their transactions: a capture never waits for it. Returns how many rows it added.
 */
export async function planPush(
  db: ProofTrailDb,
  ownerPrefix: string,
  key: DeviceKeyRow,
  now: Date = new Date(),
): Promise<number> {
  const from = await cursor(db);
  const records = await db.ledger.where('entry.seq').above(from).sortBy('entry.seq');
  const rows: StoreObjectRow[] = [];
  const nextAttemptAt = now.toISOString();
  const add = (
    source: StoreObjectSource,
    path: string,
    seq: number,
    body: { sha256: string; size: number },
    contentType: string,
    captureId?: string,
  ) =>
    rows.push({
      key: ownerPrefix + path,
      source,
      seq,
      ...(captureId ? { captureId } : {}),
      sha256: body.sha256,
      size: body.size,
      contentType,
      state: 'waiting',
      tries: 0,
      nextAttemptAt,
    });
  const sized = async (bytes: Uint8Array<ArrayBuffer>) => ({
    sha256: await sha256Hex(bytes),
    size: bytes.byteLength,
  });

  if (from === 0)
    add(
      { kind: 'public-key' },
      storePaths.publicKey(),
      0,
      await sized(publicKeyBody(key)),
      'application/json',
    );
  // Records read in two requests, not one per entry.
  const captures = new Map(
    (
      await db.captures.bulkGet(records.flatMap((r) => (r.entry.type === 'capture' ? [r.entry.subject] : [])))
    ).flatMap((c) => (c ? [[c.id, c] as const] : [])),
  );
  const deletions = new Map(
    (
      await db.deletions.bulkGet(
        records.flatMap((r) =>
          r.entry.type === 'deletion' && typeof r.entry.content.deletionId === 'string'
            ? [r.entry.content.deletionId]
            : [],
        ),
      )
    ).flatMap((d) => (d ? [[d.id, d] as const] : [])),
  );
  for (const record of records) {
    const { seq, type, subject } = record.entry;
    // The evidence first, its ledger line last: a reader that finds the line finds what it signs.
    if (type === 'capture') {
      const capture = captures.get(subject);
      if (capture) {
        add(
          { kind: 'capture-record', captureId: subject },
          storePaths.captureRecord(subject),
          seq,
          await sized(jsonBody(capture)),
          'application/json',
          subject,
        );
        add(
          { kind: 'image', captureId: subject },
          storePaths.image(subject),
          seq,
          { sha256: capture.image.sha256, size: capture.image.byteLength },
          'image/png',
          subject,
        );
        if (capture.schema === 'prooftrail.capture/2') {
          if (capture.pageText)
            add(
              { kind: 'page-text', captureId: subject },
              storePaths.pageText(subject),
              seq,
              { sha256: capture.pageText.sha256, size: capture.pageText.byteLength },
              'text/plain; charset=utf-8',
              subject,
            );
          if (capture.pageSnapshot)
            add(
              { kind: 'page-snapshot', captureId: subject },
              storePaths.pageSnapshot(subject, capture.pageSnapshot.format),
              seq,
              { sha256: capture.pageSnapshot.sha256, size: capture.pageSnapshot.byteLength },
              capture.pageSnapshot.mediaType,
              subject,
            );
        }
      }
    } else if (type === 'deletion') {
      const deletionId = record.entry.content.deletionId;
      const deletion = typeof deletionId === 'string' ? deletions.get(deletionId) : undefined;
      if (deletion)
        add(
          { kind: 'deletion-record', deletionId: deletion.id },
          storePaths.deletionRecord(deletion.id),
          seq,
          await sized(jsonBody(deletion)),
          'application/json',
          deletion.captureId,
        );
    }
    add(
      { kind: 'ledger-record', seq },
      storePaths.ledgerRecord(seq),
      seq,
      await sized(jsonBody(record, true)),
      'application/x-ndjson',
      type === 'capture' ? subject : undefined,
    );
  }
  const last = records.at(-1)?.entry.seq ?? from;

  // Timestamp replies arrive after their entry: queue each stamped one not yet queued.
  for (const stamp of await db.timestamps.where('status').equals('stamped').toArray()) {
    if (!stamp.token || stamp.seq > last) continue;
    const bytes = stamp.token.slice() as Uint8Array<ArrayBuffer>;
    const body = await sized(bytes);
    const path = storePaths.timestamp(stamp.seq, body.sha256);
    if (await db.storeObjects.get(ownerPrefix + path)) continue;
    add(
      { kind: 'timestamp', seq: stamp.seq, tsaUrl: stamp.tsaUrl },
      path,
      stamp.seq,
      body,
      'application/timestamp-reply',
    );
  }

  if (!rows.length && last === from) return 0;
  await db.transaction('rw', db.storeObjects, db.settings, async () => {
    // Another context may have planned meanwhile: never plan the same entries twice.
    if ((await cursor(db)) !== from) return;
    const existing = new Set(
      (await db.storeObjects.bulkGet(rows.map((r) => r.key))).filter(Boolean).map((r) => r!.key),
    );
    await db.storeObjects.bulkAdd(rows.filter((r) => !existing.has(r.key)));
    await db.settings.put({ key: CURSOR_KEY, value: last });
  });
  return rows.length;
}
