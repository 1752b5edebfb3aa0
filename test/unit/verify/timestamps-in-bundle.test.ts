import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureTables, deletionRecordFor, saveCapture } from '../../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../../lib/db/database';
import { lastLedgerRecord, listLedger } from '../../../lib/db/ledger-repo';
import { setTsaSettings } from '../../../lib/db/tsa-settings-repo';
import type { Identity } from '../../../lib/db/types';
import type { LedgerRecord } from '../../../lib/formats/ledger-entry';
import { appendIfLast, commitWithLedger } from '../../../lib/ledger/commit';
import { captureDraft, deletionDraft, exportDraft, importDraft } from '../../../lib/ledger/drafts';
import { entryBytes } from '../../../lib/ledger/entry-bytes';
import { trustedRootsWith } from '../../../lib/tsa/default-roots';
import { drainTimestampQueue } from '../../../lib/tsa/queue';
import { buildTimeStampRequest } from '../../../lib/tsa/request';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import type { VerifyOptions } from '../../../lib/verify/verify-options';
import { type TimestampCheckOptions, verifyTimestamps } from '../../../lib/verify/verify-timestamps';
import { startTestTsa, type TestTsa, type TsaProfile } from '../../support/openssl-tsa';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb } from '../helpers';

type Files = Record<string, Uint8Array>;
type Token = { path: string; seq: number; der: Uint8Array };
let tsa: TestTsa;
let otherTsa: TestTsa;

beforeAll(async () => {
  [tsa, otherTsa] = await Promise.all([startTestTsa(), startTestTsa()]);
}, 60_000);
afterAll(async () => {
  await tsa?.close();
  await otherTsa?.close();
});

const actor: Identity = { name: 'Dana Reyes', email: 'dana@example.test' };
const HOUR = 3_600_000;

/** Commits a capture whose capturedAt and entry time are `capturedAt` and `at` (defaults: now). */
async function captureAt(db: ProofTrailDb, capturedAt = new Date(), at = capturedAt): Promise<LedgerRecord> {
  const r = await sampleRecord(undefined, { capturedAt: capturedAt.toISOString() });
  const { record } = await commitWithLedger(
    db,
    captureDraft(r, r.capturer),
    captureTables(db),
    () => saveCapture(db, r, new Blob([new Uint8Array([1, 2, 3])])),
    () => at,
  );
  return record;
}

async function lastSeq(db: ProofTrailDb): Promise<number> {
  return (await lastLedgerRecord(db))?.entry.seq ?? 0;
}

/** A ledger of a capture, a deletion, an import and (last) an export entry. */
async function mixedLedger(): Promise<LedgerRecord[]> {
  const db = freshDb();
  const capture = await captureAt(db);
  const r = await sampleRecord(undefined, { capturedAt: new Date().toISOString() });
  await appendIfLast(
    db,
    await deletionDraft(deletionRecordFor(r, 'duplicate', actor, new Date(), crypto.randomUUID())),
    await lastSeq(db),
  );
  await appendIfLast(db, importDraft({ manifest: capture.hash }, { count: 1 }, actor), await lastSeq(db));
  await appendIfLast(
    db,
    exportDraft(
      capture.hash,
      { exportedAt: new Date().toISOString(), captureCount: 0, deletionCount: 1, fileCount: 3 },
      actor,
    ),
    await lastSeq(db),
  );
  return listLedger(db);
}

/** A reply over an entry's bytes from the test TSA, as `profile`, saved as ledger/NNNNNN.tsr. */
async function tokenFor(record: LedgerRecord, profile: TsaProfile = 'good', from = tsa): Promise<Token> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', entryBytes(record.entry).slice()));
  const der = await from.reply(new Uint8Array(buildTimeStampRequest(digest)), profile);
  return { path: `ledger/${String(record.entry.seq).padStart(6, '0')}.tsr`, seq: record.entry.seq, der };
}

async function check(records: LedgerRecord[], tokens: Token[], options: TimestampCheckOptions) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const result = await verifyTimestamps(
    { folder: '', records, tokens },
    options,
    (p, m) => problems.push(`${p}: ${m}`),
    (p, m) => warnings.push(`${p}: ${m}`),
  );
  return { result, problems, warnings };
}

describe('verifyTimestamps: the rules, on tokens already read', () => {
  let records: LedgerRecord[];
  let tokens: Token[];
  beforeAll(async () => {
    records = await mixedLedger();
    // Capture, deletion and import stamped; the export entry's reply was pending when exported.
    tokens = await Promise.all(records.slice(0, 3).map((r) => tokenFor(r)));
  });
  const trusted = () => ({ trustedTsaRoots: trustedRootsWith([tsa.caDer]) });

  it('all entries stamped by a trusted TSA: no problem, no warning; the export entry pending is a note', async () => {
    for (const requireTimestamps of [false, true]) {
      const r = await check(records, tokens, { ...trusted(), requireTimestamps });
      expect(r.problems).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.result).toEqual({
        stamped: 3,
        unknownRoot: 0,
        failed: 0,
        unstamped: 0,
        pendingWhenExported: [4],
        notes: ['export entry 4: timestamp pending when exported'],
      });
    }
    // Stamped too, the export entry is no longer pending.
    const withExport = await check(records, [...tokens, await tokenFor(records[3]!)], trusted());
    expect(withExport.result).toMatchObject({ stamped: 4, pendingWhenExported: [], notes: [] });
  });

  it('no token at all: a plain warning; with --require-timestamps each capture, deletion and import entry fails', async () => {
    const plain = await check(records, [], trusted());
    expect(plain.problems).toEqual([]);
    expect(plain.warnings).toEqual([
      'ledger: no timestamp token: nothing proves when these 3 entries were made (no TSA was set up, or none answered)',
    ]);
    const strict = await check(records, [], { ...trusted(), requireTimestamps: true });
    expect(strict.problems).toEqual([
      'ledger/000001.json: capture entry 1 has no valid timestamp from a trusted TSA (--require-timestamps)',
      'ledger/000002.json: deletion entry 2 has no valid timestamp from a trusted TSA (--require-timestamps)',
      'ledger/000003.json: import entry 3 has no valid timestamp from a trusted TSA (--require-timestamps)',
    ]);
    expect(strict.result).toMatchObject({ stamped: 0, unstamped: 3, pendingWhenExported: [4] });
  });

  it('partial coverage: a warning; with --require-timestamps the unstamped entry fails', async () => {
    const some = tokens.filter((t) => t.seq !== 2);
    expect((await check(records, some, trusted())).warnings).toEqual([
      'ledger: 1 of 3 capture, deletion and import entries have no valid timestamp token',
    ]);
    expect((await check(records, some, { ...trusted(), requireTimestamps: true })).problems).toEqual([
      'ledger/000002.json: deletion entry 2 has no valid timestamp from a trusted TSA (--require-timestamps)',
    ]);
  });

  it('a TSA root nobody trusts: one warning "timestamp not verified: unknown TSA root"; a failure per token under --require-timestamps', async () => {
    for (const trustedTsaRoots of [undefined, trustedRootsWith([otherTsa.caDer])]) {
      const r = await check(records, tokens, { trustedTsaRoots });
      expect(r.problems).toEqual([]);
      expect(r.warnings).toEqual([
        expect.stringMatching(
          /^ledger\/000001\.tsr: timestamp not verified: unknown TSA root \(its root "CN=ProofTrail Test Root CA" is not a trusted TSA root\); 3 tokens of this ledger alike; add the TSA's root with --tsa-ca/,
        ),
      ]);
      expect(r.result).toMatchObject({ stamped: 0, unknownRoot: 3 });
    }
    const strict = await check(records, tokens, { requireTimestamps: true });
    expect(strict.problems).toEqual(
      [1, 2, 3].map((n) =>
        expect.stringMatching(
          new RegExp(`^ledger/00000${n}\\.tsr: timestamp not verified: unknown TSA root`),
        ),
      ),
    );
  });

  it.each<[TsaProfile, RegExp]>([
    ['no-eku', /has no extendedKeyUsage extension: it is not a timestamping certificate/],
    ['eku-not-critical', /extendedKeyUsage extension that is not critical/],
    ['expired', /had expired at the token's time/],
  ])(
    'a token from a bad TSA certificate (%s) fails, naming the .tsr and the reason',
    async (profile, reason) => {
      const bad = [await tokenFor(records[0]!, profile), ...tokens.slice(1)];
      const r = await check(records, bad, trusted());
      expect(r.problems).toEqual([
        expect.stringMatching(/^ledger\/000001\.tsr: does not verify for ledger entry 1: /),
      ]);
      expect(r.problems[0]).toMatch(reason);
      expect(r.result).toMatchObject({ stamped: 2, failed: 1 });
    },
  );

  it('a token for an entry that is not in the ledger, or for another entry, fails', async () => {
    const stray = { ...tokens[0]!, path: 'ledger/000009.tsr', seq: 9 };
    const swapped = { ...tokens[1]!, path: 'ledger/000001.tsr', seq: 1 };
    const r = await check(records, [stray, swapped, ...tokens.slice(1)], trusted());
    expect(r.problems).toEqual([
      expect.stringMatching(
        /^ledger\/000001\.tsr: does not verify for ledger entry 1: the token stamps .*, not this data/,
      ),
      'ledger/000009.tsr: stamps entry 9, which is not in the ledger',
    ]);
  });
});

describe('verifyTimestamps: time rules for captures', () => {
  it('capturedAt a year away from its ledger entry fails', async () => {
    const db = freshDb();
    const now = new Date();
    const record = await captureAt(db, new Date(now.getTime() - 365 * 24 * HOUR), now);
    const r = await check([record], [await tokenFor(record)], { trustedTsaRoots: [tsa.caDer] });
    expect(r.problems).toEqual([
      expect.stringMatching(
        /^ledger\/000001\.json: capture 1: capturedAt .* and the ledger entry's time .* are 31536000 s apart \(over 120 s\)/,
      ),
    ]);
  });

  it('a token time earlier than capturedAt (beyond the skew) fails', async () => {
    const db = freshDb();
    const record = await captureAt(db, new Date(Date.now() + HOUR)); // entry and capture both an hour ahead
    const r = await check([record], [await tokenFor(record)], { trustedTsaRoots: [tsa.caDer] });
    expect(r.problems).toEqual([
      expect.stringMatching(
        /^ledger\/000001\.tsr: capture 1: the TSA's time .* is 3[56]\d\d s before capturedAt .* \(over 120 s\): the capture claims a time after its own timestamp/,
      ),
    ]);
  });

  it('a capture claimed long before its token time is "time proven only from TSA_TIME" (a warning); within the skew, nothing', async () => {
    const db = freshDb();
    const old = await captureAt(db, new Date(Date.now() - 24 * HOUR));
    const fresh = await captureAt(db, new Date(Date.now() - 60_000));
    const tokens = [await tokenFor(old), await tokenFor(fresh)];
    const r = await check([old, fresh], tokens, { trustedTsaRoots: [tsa.caDer] });
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^ledger\/000001\.tsr: capture 1: time proven only from \d{4}-.*Z \(captured at .* by the local clock, 86[34]\d\d s earlier; over 120 s\)$/,
      ),
    ]);
    // A larger allowed skew accepts both.
    expect(
      (await check([old, fresh], tokens, { trustedTsaRoots: [tsa.caDer], maxSkewMs: 25 * HOUR })).warnings,
    ).toEqual([]);
  });
});

describe('timestamp tokens in a bundle', () => {
  let files: Files;
  /** Two captures, stamped by the test TSA; the second made while the local clock was 10 minutes slow. */
  beforeAll(async () => {
    const db = freshDb();
    await setTsaSettings(db, { urls: [tsa.url], skewThresholdMs: 120_000 });
    for (const offset of [0, -10 * 60_000]) await captureAt(db, new Date(Date.now() + offset));
    expect(await drainTimestampQueue(db)).toBe(2);
    files = unzipSync((await exportToBytes(db)).bytes);
  }, 60_000);

  const verify = async (f: Files, options: VerifyOptions) =>
    verifyBundle(await readZip(zipSync(f, { level: 0 })), options);

  it('carries a token per entry and the TSA chain', () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['ledger/000001.tsr', 'ledger/000002.tsr', 'tsa-chain.pem']),
    );
  });

  it('verifies against the trusted root and flags only the capture whose time is proven later', async () => {
    const r = await verify(files, { trustedTsaRoots: trustedRootsWith([tsa.caDer]) });
    expect(r.problems).toEqual([]);
    expect(r.summary.signers?.[0]?.stamped).toBe(2);
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      expect.stringMatching(
        /^ledger\/000002\.tsr: capture 2: time proven only from .*, (599|600|601) s earlier/,
      ),
    ]);
  });

  it('a root the auditor trusts that did not issue the TSA: unknown root, a warning; a failure when timestamps are required', async () => {
    const r = await verify(files, { trustedTsaRoots: trustedRootsWith([otherTsa.caDer]) });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/timestamp not verified: unknown TSA root/);
    const strict = await verify(files, { trustedTsaRoots: [otherTsa.caDer], requireTimestamps: true });
    expect(strict.ok).toBe(false);
    expect(strict.problems[0]).toMatchObject({
      path: 'ledger/000001.tsr',
      message: expect.stringMatching(/timestamp not verified: unknown TSA root/),
    });
  });

  it.each<[string, (f: Files) => void, RegExp]>([
    [
      'a token from another entry',
      (f) => {
        f['ledger/000001.tsr'] = f['ledger/000002.tsr']!.slice();
      },
      /ledger\/000001\.tsr/,
    ],
    [
      'token bytes altered',
      (f) => {
        const t = f['ledger/000001.tsr']!.slice();
        t[t.length - 20] = t[t.length - 20]! ^ 0xff;
        f['ledger/000001.tsr'] = t;
      },
      /ledger\/000001\.tsr/,
    ],
  ])('detects %s', async (_, tamper, message) => {
    const f = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice()]));
    tamper(f);
    const r = await verify(f, { trustedTsaRoots: [tsa.caDer] });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(message);
  });
});
