import type { LedgerRecord } from '../formats/ledger-entry';
import { entryBytes } from '../ledger/entry-bytes';
import { verifyTimeStamp } from '../tsa/response';

type Note = (path: string, message: string) => void;

/** How to judge timestamp tokens. */
export interface TimestampCheckOptions {
  /**
   * TSA roots trusted (DER): the caller passes the default set plus its own, e.g.
   * `trustedRootsWith(tsaCaRoots)` from lib/tsa/default-roots. None given: every token that is
   * otherwise valid is from an unknown root.
   */
  trustedTsaRoots?: readonly Uint8Array[];
  /**
   * What an auditor runs: every capture, deletion and import entry must carry a valid token from a
   * trusted root, and a token from an unknown root fails instead of warning.
   */
  requireTimestamps?: boolean;
  /** Allowed difference between clocks (capturedAt, the entry's time, the TSA's), ms; default 2 minutes. */
  maxSkewMs?: number;
}

/** One ledger's entries and the tokens the bundle carries for them, already read. */
export interface StampedLedger {
  /** '' for the bundle's own ledger, `signers/<fingerprint>/` for an imported one. */
  folder: string;
  records: LedgerRecord[];
  /** Each `ledger/NNNNNN[.k].tsr` of that folder: its path in the bundle, the entry it stamps, its bytes. */
  tokens: { path: string; seq: number; der: Uint8Array }[];
  /** Certificates that may complete a token's chain (e.g. from tsa-chain.pem); never trusted. */
  extraCerts?: readonly Uint8Array[];
}

/** What the tokens of one ledger showed. */
export interface TimestampCheckResult {
  /** Entries with a valid token from a trusted TSA root. */
  stamped: number;
  /** Tokens valid in every respect but chaining to no trusted root. */
  unknownRoot: number;
  /** Tokens that fail (each also reported through `add`). */
  failed: number;
  /** Capture, deletion and import entries without a valid token from a trusted root. */
  unstamped: number;
  /** Export entries (seq) whose timestamp was still pending when the bundle was made: allowed. */
  pendingWhenExported: number[];
  /** Lines worth showing beside an OK that are not warnings, e.g. "export entry 7: timestamp pending when exported". */
  notes: string[];
}

/** Entry types that must carry a timestamp under `requireTimestamps`. */
const MUST_STAMP = new Set(['capture', 'deletion', 'import']);

const seconds = (ms: number) => Math.round(ms / 1000);

/**
 * Checks the timestamp tokens of one ledger, in this order:
 * 1. every token verifies for the entry it names (as strictly as `openssl ts -verify`): a failure is
 *    `add`ed naming the .tsr path and the reason; a token chaining to no trusted root is "timestamp
 *    not verified: unknown TSA root" (`warn`, or `add` under `requireTimestamps`);
 * 2. time: a capture entry's `content.capturedAt` and the entry's `at` agree within `maxSkewMs`
 *    (else `add`); a token time earlier than `capturedAt` beyond it is `add`ed; one later beyond it
 *    is `warn`ed "capture N: time proven only from GENTIME"; other entries whose local time and TSA
 *    time differ beyond it are `warn`ed;
 * 3. coverage: under `requireTimestamps` every capture, deletion and import entry without a valid
 *    token from a trusted root is `add`ed; an export entry without one is allowed ("pending when
 *    exported", in `notes`). Without it, a ledger with no token at all, or only some entries
 *    stamped, gets a warning.
 * Pure: the caller has read the ledger and the tokens.
 */
export async function verifyTimestamps(
  ledger: StampedLedger,
  options: TimestampCheckOptions,
  add: Note,
  warn: Note,
): Promise<TimestampCheckResult> {
  const { folder, records, tokens } = ledger;
  const bySeq = new Map(records.map((r) => [r.entry.seq, r]));
  const maxSkew = options.maxSkewMs ?? 120_000;
  const require = options.requireTimestamps === true;
  const trustedRoots = options.trustedTsaRoots ?? [];
  const entryPath = (seq: number) => `${folder}ledger/${String(seq).padStart(6, '0')}.json`;
  const result: TimestampCheckResult = {
    stamped: 0,
    unknownRoot: 0,
    failed: 0,
    unstamped: 0,
    pendingWhenExported: [],
    notes: [],
  };
  const trusted = new Set<number>();
  /** Entries with a token valid in itself, trusted root or not. */
  const valid = new Set<number>();
  const unknown = new Map<string, string[]>();

  // 2a. A capture's own time and its entry's time agree.
  for (const { entry } of records) {
    if (entry.type !== 'capture') continue;
    const capturedAt = entry.content.capturedAt;
    const captured = typeof capturedAt === 'string' ? Date.parse(capturedAt) : Number.NaN;
    if (Number.isNaN(captured)) {
      add(entryPath(entry.seq), `capture ${entry.seq}: content.capturedAt is missing or not a time`);
      continue;
    }
    const apart = Math.abs(Date.parse(entry.at) - captured);
    // Evidence kept before the ledger existed got its entry later, on first use (`backfilled`):
    // its entry vouches for the bytes from then on, not for the capture time.
    if (!(apart <= maxSkew) && entry.content.backfilled === true)
      warn(
        entryPath(entry.seq),
        `capture ${entry.seq} was entered in the ledger at ${entry.at}, after it was captured (${capturedAt}): backfilled for evidence older than the ledger, its capture time rests on the record alone`,
      );
    else if (!(apart <= maxSkew))
      add(
        entryPath(entry.seq),
        `capture ${entry.seq}: capturedAt ${capturedAt} and the ledger entry's time ${entry.at} are ${seconds(apart)} s apart (over ${seconds(maxSkew)} s)`,
      );
  }

  // 1. Each token, then 2b. its time.
  for (const token of [...tokens].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const { path, seq } = token;
    const record = bySeq.get(seq);
    if (!record) {
      add(path, `stamps entry ${seq}, which is not in the ledger`);
      result.failed++;
      continue;
    }
    const verdict = await verifyTimeStamp(token.der, entryBytes(record.entry), {
      trustedRoots,
      untrusted: ledger.extraCerts,
    });
    if (!verdict.ok) {
      add(path, `does not verify for ledger entry ${seq}: ${verdict.error}`);
      result.failed++;
      continue;
    }
    valid.add(seq);
    if (verdict.rootTrusted) trusted.add(seq);
    else {
      result.unknownRoot++;
      if (require) add(path, `timestamp not verified: unknown TSA root (${verdict.reason})`);
      else unknown.set(verdict.reason, [...(unknown.get(verdict.reason) ?? []), path]);
    }
    const { entry } = record;
    const genTime = verdict.info.genTime;
    const tsa = Date.parse(genTime);
    const capturedAt = entry.content.capturedAt;
    if (entry.type === 'capture' && typeof capturedAt === 'string' && !Number.isNaN(Date.parse(capturedAt))) {
      const lead = tsa - Date.parse(capturedAt);
      if (lead < -maxSkew)
        add(
          path,
          `capture ${seq}: the TSA's time ${genTime} is ${seconds(-lead)} s before capturedAt ${capturedAt} (over ${seconds(maxSkew)} s): the capture claims a time after its own timestamp`,
        );
      else if (lead > maxSkew)
        warn(
          path,
          `capture ${seq}: time proven only from ${genTime} (captured at ${capturedAt} by the local clock, ${seconds(lead)} s earlier; over ${seconds(maxSkew)} s)`,
        );
      continue;
    }
    const skew = tsa - Date.parse(entry.at);
    if (Math.abs(skew) > maxSkew)
      warn(
        path,
        `entry ${seq}: the local clock said ${entry.at}, the TSA ${genTime} (${seconds(skew)} s apart, over ${seconds(maxSkew)} s)`,
      );
  }
  for (const [reason, paths] of unknown)
    warn(
      paths[0]!,
      `timestamp not verified: unknown TSA root (${reason})${paths.length > 1 ? `; ${paths.length} tokens of this ledger alike` : ''}; add the TSA's root with --tsa-ca ROOT.pem to check it`,
    );

  // 3. Coverage.
  result.stamped = trusted.size;
  const mustStamp = records.filter((r) => MUST_STAMP.has(r.entry.type));
  const missing = mustStamp.filter((r) => !trusted.has(r.entry.seq));
  result.unstamped = missing.length;
  for (const { entry } of records) {
    if (entry.type !== 'export' || trusted.has(entry.seq)) continue;
    result.pendingWhenExported.push(entry.seq);
  }
  // Said of the export entry that signs the bundle (the exporter's ledger's last), once a TSA is
  // in use; a teammate's ledger ends with the export of their own bundle, which this is not.
  const last = records[records.length - 1]?.entry;
  if (folder === '' && last?.type === 'export' && !valid.has(last.seq) && tokens.length)
    result.notes.push(`export entry ${last.seq}: timestamp pending when exported`);
  if (require) {
    // (An entry whose token has an unknown root already failed above.)
    for (const { entry } of missing.filter((r) => !valid.has(r.entry.seq)))
      add(
        entryPath(entry.seq),
        `${entry.type} entry ${entry.seq} has no valid timestamp from a trusted TSA (--require-timestamps)`,
      );
  } else if (mustStamp.length && valid.size === 0 && tokens.length === 0) {
    warn(
      `${folder}ledger`,
      `no timestamp token: nothing proves when these ${mustStamp.length} entries were made (no TSA was set up, or none answered)`,
    );
  } else {
    // (Unknown roots were warned about above.)
    const none = missing.filter((r) => !valid.has(r.entry.seq)).length;
    if (none)
      warn(
        `${folder}ledger`,
        `${none} of ${mustStamp.length} capture, deletion and import entries have no valid timestamp token`,
      );
  }
  return result;
}
