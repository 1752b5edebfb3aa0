import { canonicalSha256 } from '../integrity/canonical';
import { readCanonicalJson } from '../integrity/canonical-bytes';
import { sha256Hex } from '../integrity/sha256';
import { readRecord } from '../verify/read-records';
import { mapLimit } from './map-limit';
import { verifyOwnerLedger } from './owner-ledger';
import type { S3Client } from './s3-client';
import { parseOwnerPath, readLimitOf, storePaths } from './store-paths';

/**
 * `store check` (docs/team-store.md): every owner's folder is read back whole and checked as the
 * bundle verifier checks a bundle, from the bytes the store returns (never from what its metadata
 * claims): each ledger's chain and signatures; every object a ledger entry names is there with the
 * SHA-256 the entry signs; every object is locked in COMPLIANCE mode until at least `until`; no
 * key holds more than one version (a second version is something written over evidence); no
 * object is there that the layout does not define.
 */
export interface StoreCheckOptions {
  /** Each object must be locked at least until then. */
  until?: Date;
  /** Owners whose keys are trusted; any other owner is reported. Absent: every owner is reported as seen. */
  trusted?: ReadonlySet<string>;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface StoreProblem {
  path: string;
  message: string;
}

export interface OwnerSummary {
  fingerprint: string;
  name?: string;
  email?: string;
  entries: number;
  captures: number;
  deletions: number;
  objects: number;
  trusted?: boolean;
}

export interface StoreCheckReport {
  ok: boolean;
  owners: OwnerSummary[];
  objects: number;
  bytes: number;
  problems: StoreProblem[];
  warnings: StoreProblem[];
}

const EMPTY = new Uint8Array(0);

interface Fetched {
  bytes: Uint8Array;
  sha256: string;
  lockMode?: string;
  retainUntil?: string;
}

export async function checkStore(
  client: S3Client,
  ownersPrefix: string,
  options: StoreCheckOptions = {},
): Promise<StoreCheckReport> {
  const problems: StoreProblem[] = [];
  const warnings: StoreProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  // Every version of every key: more than one under a key means something was written over it.
  const versions = new Map<string, number>();
  const latest: { key: string; size: number }[] = [];
  for await (const v of client.listVersions(ownersPrefix)) {
    versions.set(v.key, (versions.get(v.key) ?? 0) + 1);
    if (v.isLatest) latest.push({ key: v.key, size: v.size });
  }
  for (const [key, n] of versions)
    if (n > 1)
      add(
        key,
        `holds ${n} versions: something was written over the object first pushed there (the first is kept, locked)`,
      );

  const byOwner = new Map<string, string[]>();
  for (const { key } of latest) {
    const rest = key.slice(ownersPrefix.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) {
      add(key, 'is not inside an owner folder (owners/<fingerprint>/…)');
      continue;
    }
    const owner = rest.slice(0, slash);
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), rest.slice(slash + 1)]);
  }

  let done = 0;
  const total = latest.length;
  let bytes = 0;
  const owners: OwnerSummary[] = [];
  for (const [fingerprint, paths] of [...byOwner].sort(([a], [b]) => a.localeCompare(b))) {
    const folder = `${ownersPrefix}${fingerprint}/`;
    const fetched = new Map<string, Fetched>();
    const unreadable = new Set<string>();
    await mapLimit(paths, options.concurrency ?? 8, async (path) => {
      try {
        const { bytes: body, headers } = await client.getBytes(folder + path, readLimitOf(path));
        bytes += body.byteLength;
        fetched.set(path, {
          // Only the small files are read again (key, ledger lines, replies, records): an image is
          // kept as its hash, so an owner with years of captures is never held in memory.
          bytes: /\.(json|jsonl|tsr)$/.test(path) ? body : EMPTY,
          sha256: await sha256Hex(body as BufferSource),
          lockMode: headers.get('x-amz-object-lock-mode') ?? undefined,
          retainUntil: headers.get('x-amz-object-lock-retain-until-date') ?? undefined,
        });
      } catch (error) {
        unreadable.add(path);
        add(folder + path, `could not be read: ${(error as Error).message}`);
      }
      options.onProgress?.(++done, total);
    });
    owners.push(
      await checkOwner(
        fingerprint,
        folder,
        fetched,
        unreadable,
        add,
        (p, m) => warnings.push({ path: p, message: m }),
        options,
      ),
    );
  }
  return { ok: problems.length === 0, owners, objects: total, bytes, problems, warnings };
}

async function checkOwner(
  fingerprint: string,
  folder: string,
  fetched: ReadonlyMap<string, Fetched>,
  unreadable: ReadonlySet<string>,
  add: (path: string, message: string) => void,
  warn: (path: string, message: string) => void,
  options: StoreCheckOptions,
): Promise<OwnerSummary> {
  const summary: OwnerSummary = { fingerprint, entries: 0, captures: 0, deletions: 0, objects: fetched.size };
  const small = new Map<string, Uint8Array>();
  for (const [path, object] of fetched) {
    // The lock: COMPLIANCE, until at least the date asked for.
    if (object.lockMode !== 'COMPLIANCE')
      add(folder + path, `is not locked in COMPLIANCE mode (${object.lockMode ?? 'no lock reported'})`);
    else if (
      options.until &&
      (!object.retainUntil || Date.parse(object.retainUntil) < options.until.getTime())
    )
      add(
        folder + path,
        `is locked only until ${object.retainUntil ?? '(no date)'}, before ${options.until.toISOString().slice(0, 10)}`,
      );
    const parsed = parseOwnerPath(path);
    if (!parsed) add(folder + path, 'is not an object the store layout defines');
    else if (parsed.kind === 'timestamp' && !path.includes(`.${object.sha256.slice(0, 16)}.`))
      add(folder + path, `is named for other bytes (its SHA-256 is ${object.sha256})`);
    if (parsed?.kind === 'public-key' || parsed?.kind === 'ledger-record' || parsed?.kind === 'timestamp')
      small.set(path, object.bytes);
  }
  const ledger = await verifyOwnerLedger(fingerprint, folder, small, { add, warn });
  const seqs = [...small.keys()].filter((p) => parseOwnerPath(p)?.kind === 'ledger-record');
  const records = new Map(seqs.map((p) => [p, true]));
  const parsedRecords = ledger?.records ?? [];
  summary.entries = seqs.length;
  const last = ledger?.records.at(-1)?.entry.actor;
  if (last) Object.assign(summary, { name: last.name, email: last.email });
  if (options.trusted) {
    summary.trusted = options.trusted.has(fingerprint);
    if (!summary.trusted)
      add(folder, `is owned by key ${fingerprint}, which is not among the trusted signers`);
  }

  // What every entry names is there, with the bytes it signs.
  const deleted = new Set(
    parsedRecords.filter((r) => r.entry.type === 'deletion').map((r) => r.entry.subject),
  );
  for (const r of ledger?.records ?? []) {
    const { type, subject, artifacts } = r.entry;
    if (type === 'capture') {
      summary.captures++;
      const gone = deleted.has(subject);
      const need = (path: string, sha: string | undefined, what: string) => {
        if (!sha) return;
        const object = fetched.get(path);
        if (!object) {
          if (!gone && !unreadable.has(path))
            add(folder + path, `missing: entry ${r.entry.seq} signs this ${what}`);
        } else if (object.sha256 !== sha)
          add(
            folder + path,
            `is not the ${what} entry ${r.entry.seq} signs: its SHA-256 is ${object.sha256}, the entry says ${sha}`,
          );
      };
      need(storePaths.image(subject), artifacts.image, 'image');
      need(storePaths.pageText(subject), artifacts.pageText, 'page text');
      const snapshot = fetched.has(storePaths.pageSnapshot(subject, 'html')) ? 'html' : 'mhtml';
      need(storePaths.pageSnapshot(subject, snapshot), artifacts.pageSnapshot, 'page snapshot');
      const recordPath = storePaths.captureRecord(subject);
      const record = fetched.get(recordPath);
      if (!record) {
        if (!gone && !unreadable.has(recordPath))
          add(folder + recordPath, `missing: entry ${r.entry.seq} signs this capture record`);
      } else {
        const parsed = await readRecord(folder + recordPath, record.bytes, { add, warn });
        if (parsed && parsed.metadataSha256 !== artifacts.metadata)
          add(
            folder + recordPath,
            `is not the record entry ${r.entry.seq} signs (metadata ${parsed.metadataSha256}, the entry says ${artifacts.metadata})`,
          );
        if (parsed && parsed.id !== subject) add(folder + recordPath, `holds capture ${parsed.id}`);
      }
    } else if (type === 'deletion') {
      summary.deletions++;
      const deletionId = r.entry.content.deletionId;
      if (typeof deletionId !== 'string') continue;
      const path = storePaths.deletionRecord(deletionId);
      const object = fetched.get(path);
      if (!object) {
        if (!unreadable.has(path))
          add(folder + path, `missing: entry ${r.entry.seq} signs this deletion record`);
      } else {
        const read = readCanonicalJson(object.bytes);
        if (!read.ok) add(folder + path, read.error);
        else if ((await canonicalSha256(read.value)) !== artifacts.deletion)
          add(folder + path, `is not the deletion record entry ${r.entry.seq} signs`);
      }
    }
  }
  // Objects no entry names (a capture file without its entry, say) are reported too.
  const named = new Set<string>(['public-key.json', ...records.keys()]);
  for (const r of ledger?.records ?? []) {
    if (r.entry.type === 'capture')
      for (const p of [
        storePaths.captureRecord(r.entry.subject),
        storePaths.image(r.entry.subject),
        storePaths.pageText(r.entry.subject),
        storePaths.pageSnapshot(r.entry.subject, 'mhtml'),
        storePaths.pageSnapshot(r.entry.subject, 'html'),
      ])
        named.add(p);
    if (r.entry.type === 'deletion' && typeof r.entry.content.deletionId === 'string')
      named.add(storePaths.deletionRecord(r.entry.content.deletionId));
  }
  for (const path of fetched.keys()) {
    const kind = parseOwnerPath(path)?.kind;
    if (kind === 'timestamp' || kind === 'connection-test' || named.has(path)) continue;
    if (kind) add(folder + path, 'is named by no ledger entry of this owner');
  }
  return summary;
}
