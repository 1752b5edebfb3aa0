import type { ProofTrailDb } from '../db/database';
import { listLedger } from '../db/ledger-repo';
import { listTimestamps } from '../db/timestamps-repo';
import { getTsaSettings } from '../db/tsa-settings-repo';

/** Where a capture stands: its ledger entry and its timestamps. */
export interface EvidenceStatus {
  seq: number;
  entryHash: string;
  stamps: { tsaName: string; genTime: string; skewMs: number; skewed: boolean }[];
  pending: { tsaUrl: string; attempts: number; lastError?: string }[];
  /** For captures imported from a teammate's bundle: the bundle and the key of the ledger holding the entry. */
  imported?: { bundle: string; key: string };
}

/** Status of every capture that has a ledger entry, by capture id. */
export async function evidenceStatus(db: ProofTrailDb): Promise<Map<string, EvidenceStatus>> {
  const [ledger, stamps, tsa] = await Promise.all([listLedger(db), listTimestamps(db), getTsaSettings(db)]);
  const bySeq = new Map<number, EvidenceStatus>();
  const out = new Map<string, EvidenceStatus>();
  for (const r of ledger) {
    if (r.entry.type !== 'capture') continue;
    const s: EvidenceStatus = { seq: r.entry.seq, entryHash: r.hash, stamps: [], pending: [] };
    bySeq.set(r.entry.seq, s);
    out.set(r.entry.subject, s);
  }
  for (const t of stamps) {
    const s = bySeq.get(t.seq);
    if (!s) continue;
    if (t.status === 'stamped' && t.genTime)
      s.stamps.push({
        tsaName: t.tsaName ?? t.tsaUrl,
        genTime: t.genTime,
        skewMs: t.skewMs ?? 0,
        skewed: Math.abs(t.skewMs ?? 0) > tsa.skewThresholdMs,
      });
    else s.pending.push({ tsaUrl: t.tsaUrl, attempts: t.attempts, lastError: t.lastError });
  }
  await addImported(db, out, tsa.skewThresholdMs);
  return out;
}

/** Imported captures: their entry in the teammate's ledger and the replies that came with it. */
async function addImported(db: ProofTrailDb, out: Map<string, EvidenceStatus>, threshold: number) {
  const origins = await db.origins.toArray();
  for (const o of origins) {
    const row = await db.foreignLedger.get([o.key, o.seq]);
    if (!row) continue;
    const tokens = await db.foreignTokens
      .where('[key+seq+n]')
      .between([o.key, o.seq, 0], [o.key, o.seq, 1e9])
      .toArray();
    out.set(o.captureId, {
      seq: o.seq,
      entryHash: row.record.hash,
      stamps: tokens
        .filter((t) => t.genTime)
        .map((t) => {
          const skewMs = Date.parse(t.genTime!) - Date.parse(row.record.entry.at);
          return {
            tsaName: t.tsaName ?? 'TSA',
            genTime: t.genTime!,
            skewMs,
            skewed: Math.abs(skewMs) > threshold,
          };
        }),
      pending: [],
      imported: { bundle: o.bundle, key: o.key },
    });
  }
}

/** One line for a card: stamped, pending, or not timestamped. */
export function statusLine(s: EvidenceStatus | undefined): { text: string; tone: 'ok' | 'warn' | 'muted' } {
  if (!s) return { text: 'Not in the ledger', tone: 'warn' };
  if (s.imported) {
    const stamp = s.stamps[0];
    return {
      text: `Imported · ledger #${s.seq} of key ${s.imported.key.slice(0, 8)}… · ${stamp ? `timestamped ${stamp.genTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : 'no timestamp'}`,
      tone: stamp?.skewed ? 'warn' : stamp ? 'ok' : 'muted',
    };
  }
  const stamp = s.stamps[0];
  if (stamp) {
    const skew = s.stamps.some((x) => x.skewed);
    return {
      text: `Ledger #${s.seq} · timestamped ${stamp.genTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${skew ? ' · clock skew!' : ''}`,
      tone: skew ? 'warn' : 'ok',
    };
  }
  if (s.pending.length)
    return { text: `Ledger #${s.seq} · timestamp pending (${s.pending[0]!.attempts} tries)`, tone: 'warn' };
  return { text: `Ledger #${s.seq} · no timestamp authority set`, tone: 'muted' };
}
