import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeletionRecord } from '../../../lib/formats/deletion-record';
import { canonicalSha256 } from '../../../lib/integrity/canonical';
import { entryHash } from '../../../lib/ledger/entry-bytes';
import { type BundleArchive, BundleReadError } from '../../../lib/verify/archive';
import { formatReport, type VerifyReport } from '../../../lib/verify/report';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import type { VerifyOptions } from '../../../lib/verify/verify-options';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';
import { danasBundles, teamBundle } from './bench';
import { buildZip, Forged, forgerKey, replaceBytes, spell } from './forge';

/**
 * The tamper corpus: bundles forged the way an attacker would (unzip, edit bytes, re-list the
 * manifest with fresh hashes and sizes, re-zip; or re-sign everything with a key of their own),
 * each of which the verifier must refuse, naming the file and saying why. Each case asserts the
 * problem that the check stopping its attack reports, so removing that check fails the case.
 */

/** Opens and verifies a ZIP as the CLI does: a ZIP that cannot be read safely is one FAIL line. */
async function verifyZip(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyReport> {
  let archive: BundleArchive;
  try {
    archive = await openZipArchive(bytesSource(bytes));
  } catch (e) {
    if (!(e instanceof BundleReadError)) throw e;
    return {
      ok: false,
      problems: [{ path: '(zip)', message: e.message }],
      warnings: [],
      notes: [],
      summary: { files: 0, captures: 0 },
    };
  }
  return verifyBundle(archive, options);
}

/** A line break or other control character, which would let a forged string split or fake a report line. */
const controlIn = (line: string) =>
  [...line].find((c) => {
    const n = c.codePointAt(0)!;
    return n < 0x20 || n === 0x7f || n === 0x2028 || n === 0x2029;
  });
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A problem the verifier must report: the path it names (exactly, or a pattern) and why. */
type Expect = [path: string | RegExp, message: RegExp];

interface Bench {
  /** Dana's full bundle (captures "first" and "second", "third" deleted), its ledger ending in export entry 6. */
  full: Forged;
  /** Exported before "third" was deleted (its ledger ends in export entry 4). */
  before: Forged;
  /** Dana's A.8.2 export (only "second"). */
  narrow: Forged;
  /** Carol's bundle carrying Bob's ledger under signers/. */
  team: Forged;
  danaKey: string;
  carolKey: string;
  bobKey: string;
}

interface Case {
  name: string;
  /** The genuine bundle the forger starts from (a clone). */
  from?: 'full' | 'before' | 'narrow' | 'team';
  /** Forges the bundle; returns the problems the verifier must report (or a raw ZIP with them). */
  forge: (b: Forged, bench: Bench) => Promise<Expect[] | { zip: Uint8Array; expect: Expect[] }>;
  options?: (bench: Bench) => VerifyOptions;
}

let bench: Bench;
beforeAll(async () => {
  const dana = await danasBundles();
  const team = await teamBundle();
  bench = {
    full: Forged.fromZip(dana.full),
    before: Forged.fromZip(dana.before),
    narrow: Forged.fromZip(dana.narrow),
    team: Forged.fromZip(team.bytes),
    danaKey: dana.fingerprint,
    carolKey: team.carolKey,
    bobKey: team.bobKey,
  };
}, 60_000);

const idOf = (b: Forged, note: string) => b.json(b.recordOf(note)).id as string;
/** The export entry's signature no longer covers the manifest a forger rewrote. */
const manifestResigned = (seq = 6): Expect => [
  'manifest.json',
  new RegExp(
    `^its SHA-256 is [0-9a-f]{64}, but export entry ${seq} signed [0-9a-f]{64} \\(manifest edited after export\\)$`,
  ),
];
const bobFolder = (b: Bench) => `signers/${b.bobKey.slice(0, 16)}/`;

/** Edits a capture record as a forger would, writing it back canonical. */
function editRecord(b: Forged, note: string, edit: (r: Record<string, unknown>) => void): string {
  const path = b.recordOf(note);
  const r = b.json(path);
  edit(r);
  b.setJson(path, r);
  return path;
}

/** Re-seals a record's metadata hash over its other fields, as a forger who read the format would. */
async function reseal(b: Forged, path: string): Promise<string> {
  const { metadataSha256: _, ...rest } = b.json(path);
  const sha = await canonicalSha256(rest);
  b.setJson(path, { ...rest, metadataSha256: sha });
  return sha;
}

/** Adds `"approvedBy":"CISO"` to the record of "first" and re-seals its metadata hash over it. */
async function approvedByCiso(b: Forged) {
  const path = editRecord(b, 'first', (r) => {
    r.approvedBy = 'CISO';
  });
  return { path, sha: await reseal(b, path) };
}

/** A ledger line edited as text (line numbers from 1). */
function editLedgerLine(b: Forged, line: number, edit: (text: string) => string, folder = '') {
  const lines = b.text(`${folder}ledger.jsonl`).split('\n');
  lines[line - 1] = edit(lines[line - 1]!);
  b.set(`${folder}ledger.jsonl`, lines.join('\n'));
}

/** Other spellings of the same value a forger might slip in; each is refused where the format requires exact bytes. */
const notCanonical: [string, (v: unknown, bytes: Uint8Array) => Uint8Array, RegExp][] = [
  [
    'whitespace (pretty-printed)',
    (v) => spell.pretty(v),
    /^is not in RFC 8785 canonical form \(differs at character 2/,
  ],
  ['keys reordered', (v) => spell.reversed(v), /^is not in RFC 8785 canonical form/],
  ['a byte-order mark', (_, bytes) => spell.withBom(bytes), /^starts with a byte-order mark$/],
];

const cases: Case[] = [
  // 1. Verify bytes, not parsed objects.
  {
    name: 'capture record: "approvedBy":"CISO" added, manifest re-listed',
    forge: async (b) => {
      const path = editRecord(b, 'first', (r) => {
        r.approvedBy = 'CISO';
      });
      await b.relist();
      return [[path, /Unrecognized key.*"approvedBy"/], manifestResigned()];
    },
  },
  {
    name: 'capture record: "approvedBy":"CISO" added and its metadata hash re-sealed over it',
    forge: async (b) => {
      const { path } = await approvedByCiso(b);
      await b.relist();
      return [[path, /Unrecognized key.*"approvedBy"/], manifestResigned()];
    },
  },
  {
    name: 'capture record: "approvedBy":"CISO" added, whole ledger re-signed by the forger (hashes all consistent)',
    forge: async (b) => {
      const { path, sha } = await approvedByCiso(b);
      const id = b.json(path).id;
      await b.resign({
        edit: (es) =>
          es.map((e) =>
            e.subject === id && e.type === 'capture'
              ? { ...e, artifacts: { ...e.artifacts, metadata: sha } }
              : e,
          ),
      });
      return [[path, /Unrecognized key.*"approvedBy"/]];
    },
  },
  {
    name: 'capture record: duplicate key prepended ({"capturedAt":"2025-09-30…","note":"forged",…)',
    forge: async (b) => {
      const path = b.recordOf('first');
      b.set(path, `{"capturedAt":"2025-09-30T09:00:00.000Z","note":"forged",${b.text(path).slice(1)}`);
      await b.relist();
      return [[path, /^holds the key "capturedAt" twice \(at capturedAt\)$/], manifestResigned()];
    },
  },
  {
    name: 'manifest: duplicate key prepended ({"captureCount":3,…)',
    forge: async (b) => {
      b.set('manifest.json', `{"captureCount":3,${b.text('manifest.json').slice(1)}`);
      return [['manifest.json', /^holds the key "captureCount" twice \(at captureCount\)$/]];
    },
  },
  {
    name: 'ledger line: duplicate key prepended to a signed entry ({"entry":{"at":…,…)',
    forge: async (b) => {
      editLedgerLine(b, 1, (l) => l.replace('{"entry":{', '{"entry":{"at":"2025-01-01T00:00:00.000Z",'));
      return [['ledger.jsonl', /^line 1 holds the key "at" twice \(at entry\.at\)$/]];
    },
  },
  {
    name: 'deletions.json: duplicate key prepended to the record ({"reason":"routine cleanup",…)',
    forge: async (b) => {
      b.set('deletions.json', `[{"reason":"routine cleanup",${b.text('deletions.json').slice(2)}`);
      await b.relist();
      return [['deletions.json', /^holds the key "reason" twice \(at \[0\]\.reason\)$/]];
    },
  },
  ...(
    ['manifest.json', 'capture record', 'ledger.jsonl line 2', 'public-key.json', 'deletions.json'] as const
  ).flatMap((what) =>
    notCanonical.map(
      ([how, spelling, message]): Case => ({
        name: `not canonical: ${how} in ${what}`,
        forge: async (b) => {
          if (what === 'ledger.jsonl line 2') {
            const lines = b.text('ledger.jsonl').split('\n');
            const bytes = spelling(JSON.parse(lines[1]!), new TextEncoder().encode(lines[1]!));
            if (how === 'a byte-order mark') {
              // A BOM can only sit at the start of the file.
              b.set('ledger.jsonl', spell.withBom(b.get('ledger.jsonl')));
              return [['ledger.jsonl', /byte-order mark/]];
            }
            lines[1] = dec(bytes).replace(/\n\s*/g, ' ');
            b.set('ledger.jsonl', lines.join('\n'));
            return [['ledger.jsonl', new RegExp(`^line 2 ${message.source.slice(1)}`)]];
          }
          const path = what === 'capture record' ? b.recordOf('first') : what;
          b.set(path, spelling(b.json(path), b.get(path)));
          if (path !== 'manifest.json') await b.relist();
          return [[path, message]];
        },
      }),
    ),
  ),
  {
    name: 'not canonical: a number written 2.0 in manifest.json (captureCount)',
    forge: async (b) => {
      b.replace('manifest.json', '"captureCount":2,', '"captureCount":2.0,');
      return [
        ['manifest.json', /^is not in RFC 8785 canonical form \(differs at character \d+: .*number form\)$/],
      ];
    },
  },
  {
    name: 'not canonical: a number written 1.0 in a capture record (devicePixelRatio)',
    forge: async (b) => {
      const path = b.recordOf('first');
      b.replace(path, '"devicePixelRatio":1,', '"devicePixelRatio":1.0,');
      await b.relist();
      return [[path, /^is not in RFC 8785 canonical form/]];
    },
  },
  {
    name: 'not canonical: a number written 2.0 in a ledger line (seq)',
    forge: async (b) => {
      editLedgerLine(b, 2, (l) => l.replace('"seq":2,', '"seq":2.0,'));
      return [['ledger.jsonl', /^line 2 is not in RFC 8785 canonical form/]];
    },
  },
  {
    name: 'not canonical: a needless escape ("\\u0045C") in public-key.json',
    forge: async (b) => {
      b.replace('public-key.json', '"kty":"EC"', '"kty":"\\u0045C"');
      await b.relist();
      return [['public-key.json', /^is not in RFC 8785 canonical form/]];
    },
  },
  {
    name: 'invalid UTF-8 in manifest.json',
    forge: async (b) => {
      b.set(
        'manifest.json',
        replaceBytes(b.get('manifest.json'), '"0.3.0"', new Uint8Array([0x22, 0xc3, 0x28, 0x22])),
      );
      return [['manifest.json', /not valid UTF-8/]];
    },
  },
  {
    name: 'invalid UTF-8 in a capture record',
    forge: async (b) => {
      const path = b.recordOf('first');
      b.set(path, replaceBytes(b.get(path), '"first"', new Uint8Array([0x22, 0xff, 0x22])));
      await b.relist();
      return [[path, /^is not valid UTF-8$/]];
    },
  },
  {
    name: 'invalid UTF-8 in a ledger line',
    forge: async (b) => {
      b.set(
        'ledger.jsonl',
        replaceBytes(b.get('ledger.jsonl'), '"Dana"', new Uint8Array([0x22, 0xc0, 0xaf, 0x22])),
      );
      return [['ledger.jsonl', /not valid UTF-8/]];
    },
  },
  {
    name: 'invalid UTF-8 in public-key.json',
    forge: async (b) => {
      b.set(
        'public-key.json',
        replaceBytes(b.get('public-key.json'), '"EC"', new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])),
      );
      await b.relist();
      return [['public-key.json', /^is not valid UTF-8$/]];
    },
  },
  {
    name: 'ledger/000001.json: the exact entry bytes pretty-printed (manifest re-listed)',
    forge: async (b) => {
      b.set('ledger/000001.json', spell.pretty(b.json('ledger/000001.json')));
      await b.relist();
      return [['ledger/000001.json', /^differs from entry 1 in ledger\.jsonl$/], manifestResigned()];
    },
  },
  {
    name: 'unknown field in the manifest ("approvedBy")',
    forge: async (b) => {
      b.editManifest((m) => Object.assign(m, { approvedBy: 'CISO' }));
      return [['manifest.json', /^field \(root\): Unrecognized key.*"approvedBy"/]];
    },
  },
  {
    name: 'unknown field in a manifest file entry ("verified":true)',
    forge: async (b) => {
      b.editManifest((m) => Object.assign(m.files[0]!, { verified: true }));
      return [['manifest.json', /^field files\.0: Unrecognized key.*"verified"/]];
    },
  },
  {
    name: 'unknown field in a ledger entry (signature then fails too)',
    forge: async (b) => {
      const l = b.ledger();
      Object.assign(l[0]!.entry, { approvedBy: 'CISO' });
      b.setLedger(l);
      return [['ledger.jsonl', /^line 1: not a ledger record \(field entry: Unrecognized key.*"approvedBy"/]];
    },
  },
  {
    name: 'unknown field beside a ledger entry (outside what is signed)',
    forge: async (b) => {
      const l = b.ledger();
      Object.assign(l[0]!, { approvedBy: 'CISO' });
      b.setLedger(l);
      return [['ledger.jsonl', /^line 1: not a ledger record \(field : Unrecognized key.*"approvedBy"/]];
    },
  },
  {
    name: 'unknown field in public-key.json',
    forge: async (b) => {
      b.setJson('public-key.json', { ...b.json('public-key.json'), owner: 'CISO' });
      await b.relist();
      return [['public-key.json', /^not a ProofTrail public key \(field : Unrecognized key.*"owner"/]];
    },
  },
  {
    name: 'unknown field in a deletion record',
    forge: async (b) => {
      const d = b.json<DeletionRecord[]>('deletions.json');
      Object.assign(d[0]!, { approvedBy: 'CISO' });
      b.setJson('deletions.json', d);
      await b.relist();
      return [['deletions.json', /^record \[0\] field : Unrecognized key.*"approvedBy"/]];
    },
  },
  {
    name: 'unknown field inside pageSnapshot of a record, re-signed by the forger',
    forge: async (b) => {
      const path = editRecord(b, 'first', (r) => {
        Object.assign(r.pageSnapshot as object, { approvedBy: 'CISO' });
      });
      const sha = await reseal(b, path);
      const id = b.json(path).id;
      await b.resign({
        edit: (es) =>
          es.map((e) =>
            e.subject === id && e.type === 'capture'
              ? { ...e, artifacts: { ...e.artifacts, metadata: sha } }
              : e,
          ),
      });
      return [[path, /Unrecognized key.*"approvedBy"/]];
    },
  },

  // 2. Legacy formats.
  ...[1, 2, 3, 4].map(
    (n): Case => ({
      name: `manifest formatVersion set to ${n}`,
      forge: async (b) => {
        b.editManifest((m) => Object.assign(m, { formatVersion: n }));
        return [['manifest.json', new RegExp(`^format ${n} is (not signed|a legacy format)`)]];
      },
    }),
  ),
  {
    name: 'manifest formatVersion set to 10 (a format this verifier does not know)',
    forge: async (b) => {
      b.editManifest((m) => Object.assign(m, { formatVersion: 10 }));
      return [['manifest.json', /^format 10 is not one this verifier reads/]];
    },
  },
  {
    name: 'manifest of format 9 without the layout format 9 requires',
    forge: async (b) => {
      b.editManifest((m) => {
        delete (m as { layout?: unknown }).layout;
      });
      return [
        ['manifest.json', /^field layout: Invalid option: expected one of "per-control"\|"write-once"$/],
      ];
    },
  },

  // 3. The export itself is signed.
  {
    name: 'signed capture removed with its manifest entries, captureCount lowered, deletion record invented',
    forge: async (b) => {
      const id = idOf(b, 'second');
      for (const p of b.filesOf('second')) b.delete(p);
      const d = b.json<DeletionRecord[]>('deletions.json');
      d.push({ ...d[0]!, id: crypto.randomUUID(), captureId: id, reason: 'superseded' });
      b.setJson('deletions.json', d);
      await b.relist({ counts: true });
      return [
        manifestResigned(),
        [
          'ledger.jsonl',
          new RegExp(`^capture ${id} \\(entry 2\\) is missing from the bundle \\(removed\\?\\)$`),
        ],
        [
          'deletions.json',
          new RegExp(`^record \\[1\\] \\(capture ${id}\\) matches no signed tombstone: invented or edited$`),
        ],
      ];
    },
  },
  {
    name: 'signed capture removed, re-signed by the forger (refused once the genuine key is pinned)',
    options: (x) => ({ pinnedSigners: [x.danaKey] }),
    forge: async (b) => {
      for (const p of b.filesOf('second')) b.delete(p);
      const id = idOf(b, 'first');
      const key = await b.resign({
        edit: (es) => es.filter((e) => e.subject !== id || e.type !== 'capture'),
      });
      return [
        [
          'public-key.json',
          new RegExp(
            `^key ${esc(key.fingerprint)} \\(claims to be Dana <dana@example\\.com>\\) is not among the signers you pinned$`,
          ),
        ],
      ];
    },
  },
  {
    name: 'whole bundle made up and signed by a freshly generated key, genuine key pinned',
    options: (x) => ({ pinnedSigners: [x.danaKey] }),
    forge: async (b) => {
      editRecord(b, 'first', (r) => {
        r.note = 'all access reviewed and approved';
      });
      const path = b.recordOf('all access reviewed and approved');
      const sha = await reseal(b, path);
      const id = b.json(path).id;
      const key = await b.resign({
        edit: (es) =>
          es.map((e) =>
            e.subject === id && e.type === 'capture'
              ? { ...e, artifacts: { ...e.artifacts, metadata: sha } }
              : e,
          ),
      });
      return [
        [
          'public-key.json',
          new RegExp(
            `^key ${esc(key.fingerprint)} \\(claims to be Dana <dana@example\\.com>\\) is not among the signers you pinned$`,
          ),
        ],
      ];
    },
  },
  ...(
    [
      ['index.html', 'index.html'],
      ['evidence.csv', 'evidence.csv'],
      ['OSCAL', 'oscal/assessment-results.json'],
      ['README-AUDITOR.txt', 'README-AUDITOR.txt'],
      ['verify.html', 'verify.html'],
      ['manifest schema', 'schemas/manifest.schema.json'],
    ] as const
  ).map(
    ([what, path]): Case => ({
      name: `${what} edited, manifest re-listed`,
      forge: async (b) => {
        b.set(path, `${b.text(path).replace(/Dana|ProofTrail|prooftrail/, 'Mallory')} `);
        await b.relist();
        return [manifestResigned()];
      },
    }),
  ),
  {
    name: 'preview (thumbnail) replaced, manifest re-listed',
    forge: async (b) => {
      const path = b.filesOf('first').find((p) => p.endsWith('.thumb.png'))!;
      b.set(path, b.get(b.filesOf('second').find((p) => p.endsWith('.png'))!).slice());
      await b.relist();
      return [manifestResigned()];
    },
  },
  {
    name: 'page text edited, manifest re-listed',
    forge: async (b) => {
      const path = b.filesOf('first').find((p) => p.endsWith('.txt'))!;
      b.replace(path, '12 accounts', '40 accounts');
      await b.relist();
      return [
        [path, /^page text SHA-256 is [0-9a-f]{64}, the capture record says [0-9a-f]{64} \(changed\?\)$/],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'page snapshot edited, manifest re-listed',
    forge: async (b) => {
      const path = b.filesOf('first').find((p) => p.endsWith('.mhtml'))!;
      b.replace(path, 'snapshot', 'SNAPSHOT');
      await b.relist();
      return [[path, /^page snapshot SHA-256 is [0-9a-f]{64}, the capture record says/], manifestResigned()];
    },
  },
  {
    name: 'image edited, manifest left as it was',
    forge: async (b) => {
      const path = b.filesOf('first').find((p) => /_first\.png$/.test(p))!;
      const img = b.get(path);
      img[20] = img[20]! ^ 0xff;
      return [[path, /^SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64} \(changed\?\)$/]];
    },
  },
  {
    name: 'SHA256SUMS: one hash rewritten to match an edited image, manifest left as it was',
    forge: async (b) => {
      const path = b.filesOf('first').find((p) => /_first\.png$/.test(p))!;
      const img = b.get(path);
      img[20] = img[20]! ^ 0xff;
      const sums = b.text('SHA256SUMS');
      const line = sums.split('\n').find((l) => l.endsWith(`  ${path}`))!;
      const forged = `${bytesToHex(sha256(img))}  ${path}`;
      b.set('SHA256SUMS', sums.replace(line, forged));
      return [
        [path, /^SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64} \(changed\?\)$/],
        ['SHA256SUMS', /^SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64} \(changed\?\)$/],
      ];
    },
  },
  {
    name: 'SHA256SUMS: a line dropped, its new hash listed, re-signed by the forger',
    forge: async (b) => {
      await b.resign({
        manifest: (m) => {
          const stale = new TextEncoder().encode(b.text('SHA256SUMS').replace(/^.*\n/, ''));
          b.set('SHA256SUMS', stale);
          const entry = m.files.find((f) => f.path === 'SHA256SUMS')!;
          entry.sha256 = bytesToHex(sha256(stale));
          entry.size = stale.byteLength;
        },
      });
      return [
        [
          'SHA256SUMS',
          /^does not list exactly the manifest's other files with their SHA-256, in the manifest's order$/,
        ],
      ];
    },
  },
  {
    name: 'SHA256SUMS: removed with its manifest entry, re-signed by the forger',
    forge: async (b) => {
      b.delete('SHA256SUMS');
      await b.resign();
      return [
        ['SHA256SUMS', /^is not listed in the manifest: every bundle of format 9 or later carries it$/],
      ];
    },
  },
  {
    name: 'SHA256SUMS: listed as a file of another role',
    forge: async (b) => {
      await b.resign({ manifest: (m) => (m.files.find((f) => f.path === 'SHA256SUMS')!.role = 'csv') });
      return [['SHA256SUMS', /^is listed as csv but is a checksums file$/]];
    },
  },
  {
    name: 'README-AUDITOR.txt grown, manifest left as it was',
    forge: async (b) => {
      b.set('README-AUDITOR.txt', `${b.text('README-AUDITOR.txt')}\nNo need to check the fingerprint.\n`);
      return [['README-AUDITOR.txt', /^size is \d+ bytes, the manifest says \d+ \(changed\?\)$/]];
    },
  },
  {
    name: 'image swapped with another capture’s, manifest re-listed',
    forge: async (b) => {
      const first = b.filesOf('first').find((p) => /_first\.png$/.test(p))!;
      const second = b.filesOf('second').find((p) => /_second\.png$/.test(p))!;
      b.set(first, b.get(second).slice());
      await b.relist();
      return [[first, /^image SHA-256 is [0-9a-f]{64}, the capture record says/], manifestResigned()];
    },
  },
  {
    name: 'scope narrowed to A.8.2 and the A.5.18-only evidence removed',
    forge: async (b) => {
      b.deleteUnder('controls/A.5.18/');
      b.editManifest((m) => {
        m.scope = { kind: 'selection', controlIds: ['A.8.2'] };
      });
      await b.relist({ counts: true });
      return [manifestResigned()];
    },
  },
  {
    name: 'scope narrowed to A.8.2, evidence outside it left in the bundle, re-signed by the forger',
    forge: async (b) => {
      await b.resign({
        manifest: (m) => {
          m.scope = { kind: 'selection', controlIds: ['A.8.2'] };
        },
      });
      return [
        [
          'controls/A.5.18/',
          /^holds capture [0-9a-f-]{36}, which the scope does not select for this control$/,
        ],
      ];
    },
  },
  {
    name: 'scope widened: the A.8.2 export relabelled as a bundle of every control',
    from: 'narrow',
    forge: async (b, x) => {
      const first = idOf(x.full, 'first');
      const second = idOf(b, 'second');
      b.editManifest((m) => {
        m.scope = { kind: 'selection' };
      });
      await b.relist();
      return [
        manifestResigned(7),
        [
          'ledger.jsonl',
          new RegExp(`^capture ${first} \\(entry 1\\) is missing from the bundle \\(removed\\?\\)$`),
        ],
        [
          'controls/A.5.18/',
          new RegExp(`^capture ${second} is tagged to this control but is missing from its folder$`),
        ],
      ];
    },
  },
  {
    name: 'scope widened: captureCount in the manifest raised',
    forge: async (b) => {
      b.editManifest((m) => {
        m.captureCount = 3;
      });
      return [manifestResigned(), ['manifest.json', /^captureCount is 3 but the bundle holds 2 captures$/]];
    },
  },
  {
    name: 'deletionCount in the manifest lowered',
    forge: async (b) => {
      b.editManifest((m) => {
        m.deletionCount = 0;
      });
      return [manifestResigned(), ['manifest.json', /^deletionCount is 0 but deletions\.json holds 1$/]];
    },
  },
  {
    name: 'throughSeq lowered so earlier entries need no evidence',
    forge: async (b) => {
      b.editManifest((m) => {
        m.signers[0]!.throughSeq = 1;
      });
      return [manifestResigned()];
    },
  },
  {
    name: 'coverage of an imported ledger widened to every control (teammate’s out-of-scope capture now required)',
    from: 'team',
    forge: async (b, x) => {
      b.editManifest((m) => {
        delete m.signers[1]!.coverage![0]!.controlIds;
      });
      // Bob captured for A.8.2 (entry 1), then A.5.9 (entry 2), then exported A.8.2 only.
      const a59 = b.ledger(bobFolder(x)).filter((r) => r.entry.type === 'capture')[1]!;
      return [
        manifestResigned(3),
        [
          `${bobFolder(x)}ledger.jsonl`,
          new RegExp(
            `^capture ${a59.entry.subject} \\(entry ${a59.entry.seq}\\) is missing from the bundle \\(removed\\?\\)$`,
          ),
        ],
      ];
    },
  },
  {
    name: 'coverage of an imported ledger narrowed',
    from: 'team',
    forge: async (b) => {
      b.editManifest((m) => {
        m.signers[1]!.coverage![0]!.controlIds = ['A.1.1'];
      });
      return [manifestResigned(3)];
    },
  },
  {
    name: 'deletion record’s reason edited',
    forge: async (b, x) => {
      b.replace('deletions.json', '"reason":"captured twice"', '"reason":"policy: retention expired"');
      await b.relist();
      const id = x.before.json(x.before.recordOf('third')).id;
      return [
        [
          'deletions.json',
          new RegExp(`^record \\[0\\] \\(capture ${id}\\) matches no signed tombstone: invented or edited$`),
        ],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'deletion record removed (deletions.json emptied)',
    forge: async (b, x) => {
      b.setJson('deletions.json', []);
      await b.relist({ counts: true });
      const id = x.before.json(x.before.recordOf('third')).id;
      return [
        [
          'deletions.json',
          new RegExp(`^the deletion of capture ${id} \\(ledger\\.jsonl entry 5\\) is not listed$`),
        ],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'one copy of a capture removed from one of its control folders',
    forge: async (b) => {
      const id = idOf(b, 'second');
      for (const p of b.filesOf('second').filter((p) => p.startsWith('controls/A.8.2/'))) b.delete(p);
      await b.relist();
      return [
        [
          'controls/A.8.2/',
          new RegExp(`^capture ${id} is tagged to this control but is missing from its folder$`),
        ],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'one copy of a capture removed from one of its control folders, re-signed by the forger',
    forge: async (b) => {
      const id = idOf(b, 'second');
      for (const p of b.filesOf('second').filter((p) => p.startsWith('controls/A.8.2/'))) b.delete(p);
      await b.resign();
      return [
        [
          'controls/A.8.2/',
          new RegExp(`^capture ${id} is tagged to this control but is missing from its folder$`),
        ],
      ];
    },
  },
  {
    name: 'one copy of a capture differs from the other (re-sealed record in A.8.2)',
    forge: async (b) => {
      const path = b.filesOf('second').find((p) => p.startsWith('controls/A.8.2/') && p.endsWith('.json'))!;
      b.setJson(path, { ...b.json(path), note: 'approved' });
      await reseal(b, path);
      await b.relist();
      return [[path, /^differs from the other copy of capture [0-9a-f-]{36} in controls\/A\.5\.18\//]];
    },
  },
  {
    name: 'capture filed under a control it is not tagged with (copied into controls/A.8.2/)',
    forge: async (b) => {
      for (const p of b.filesOf('first'))
        b.set(p.replace('controls/A.5.18/', 'controls/A.8.2/'), b.get(p).slice());
      await b.relist();
      return [
        [
          'controls/A.8.2/',
          /^holds capture [0-9a-f-]{36}, which the scope does not select for this control$/,
        ],
      ];
    },
  },
  {
    name: 'capture from another ledger added (manifest re-listed)',
    forge: async (b, x) => {
      const carol = x.team.filesOf('carol');
      for (const p of carol) b.set(p.replace('controls/A.8.2/', 'controls/A.8.2/x'), x.team.get(p).slice());
      const record = carol.find((p) => p.endsWith('.json'))!.replace('controls/A.8.2/', 'controls/A.8.2/x');
      await b.relist({ counts: true });
      return [
        [record, /^capture [0-9a-f-]{36} has no ledger entry \(added to the bundle\?\)$/],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'deleted capture smuggled back from an earlier export',
    forge: async (b, x) => {
      for (const p of x.before.filesOf('third')) b.set(p, x.before.get(p).slice());
      await b.relist({ counts: true });
      const record = x.before.recordOf('third');
      return [
        [record, /^capture [0-9a-f-]{36} is in the bundle but a ledger records its deletion$/],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'capture record edited and re-sealed (ledger entry left as signed)',
    forge: async (b) => {
      let was = '';
      let now = '';
      const path = editRecord(b, 'first', (r) => {
        was = r.capturedAt as string;
        now = new Date(Date.parse(was) - 86_400_000).toISOString();
        r.capturedAt = now;
      });
      await reseal(b, path);
      await b.relist();
      return [
        [path, /^capture [0-9a-f-]{36} differs from ledger\.jsonl entry 1 \(metadata replaced\)$/],
        [path, new RegExp(`^capturedAt ${esc(now)} differs from ledger\\.jsonl entry 1 \\(${esc(was)}\\)$`)],
      ];
    },
  },
  {
    name: 'manifest lies about a role (capture record listed as an image)',
    forge: async (b) => {
      const path = b.recordOf('first');
      b.editManifest((m) => {
        m.files.find((f) => f.path === path)!.role = 'image';
      });
      return [[path, /^is listed as image but is a metadata file$/]];
    },
  },
  {
    name: 'manifest lists a file twice',
    forge: async (b) => {
      b.editManifest((m) => {
        m.files.push({ ...m.files.find((f) => f.path === 'index.html')! });
      });
      return [['index.html', /^listed twice in the manifest$/]];
    },
  },

  // The signed ledger.
  {
    name: 'ledger entry removed',
    forge: async (b) => {
      const l = b.ledger();
      l.splice(1, 1);
      b.setLedger(l);
      return [['ledger.jsonl', /^line 2 holds entry 3, expected 2 \(entries removed, added or reordered\)$/]];
    },
  },
  {
    name: 'ledger entries reordered',
    forge: async (b) => {
      const l = b.ledger();
      [l[0], l[1]] = [l[1]!, l[0]!];
      b.setLedger(l);
      return [['ledger.jsonl', /^line 1 holds entry 2, expected 1/]];
    },
  },
  {
    name: 'ledger entry edited (time moved back a year)',
    forge: async (b) => {
      const l = b.ledger();
      l[0]!.entry.at = '2025-11-28T10:00:00.000Z';
      b.setLedger(l);
      return [
        ['ledger.jsonl', /^entry 1 was edited: it hashes to [0-9a-f]{12}…, the record says [0-9a-f]{12}…$/],
      ];
    },
  },
  {
    name: 'tombstone edited (deletion time) and its hash recomputed',
    forge: async (b) => {
      const l = b.ledger();
      l[4]!.entry.content.deletedAt = '2026-01-01T00:00:00.000Z';
      l[4]!.hash = await entryHash(l[4]!.entry);
      b.setLedger(l);
      return [[/^ledger\.jsonl entry 5$/, /^the signature does not verify with the ledger's public key$/]];
    },
  },
  {
    name: 'export entry removed (ledger truncated after the tombstone)',
    forge: async (b) => {
      b.setLedger(b.ledger().slice(0, -1));
      return [
        ['ledger.jsonl', /^the last entry is a deletion entry, not the export entry that signs this bundle$/],
      ];
    },
  },
  {
    name: 'ledger truncated to the earlier export entry (which signed another manifest)',
    forge: async (b) => {
      b.setLedger(b.ledger().slice(0, 4));
      return [manifestResigned(4)];
    },
  },
  {
    name: 'export entry of the forger’s own appended to the genuine ledger',
    forge: async (b) => {
      const l = b.ledger();
      const key = await forgerKey();
      const last = l.at(-1)!;
      const forged = await key.sign({ ...last.entry, seq: last.entry.seq + 1, prev: last.hash });
      b.setLedger([...l, forged]);
      return [
        ['ledger.jsonl', new RegExp(`^entry 7 names key ${esc(key.fingerprint)}, but the ledger's key is `)],
      ];
    },
  },
  {
    name: 'ledger.jsonl without its final line feed',
    forge: async (b) => {
      b.set('ledger.jsonl', b.text('ledger.jsonl').slice(0, -1));
      return [['ledger.jsonl', /^does not end with a line feed \(truncated\?\)$/]];
    },
  },
  {
    name: 'blank line in ledger.jsonl',
    forge: async (b) => {
      b.set('ledger.jsonl', `${b.text('ledger.jsonl')}\n`);
      return [['ledger.jsonl', /^line 7 is not valid JSON/]];
    },
  },
  {
    name: 'ledger.jsonl removed',
    forge: async (b) => {
      b.delete('ledger.jsonl');
      return [['ledger.jsonl', /^missing: a signed ledger must come with its public key and its entries$/]];
    },
  },
  {
    name: 'manifest.json removed',
    forge: async (b) => {
      b.delete('manifest.json');
      return [['manifest.json', /^missing: this is not a ProofTrail bundle, or its manifest was removed$/]];
    },
  },
  {
    name: 'public key replaced by another key',
    forge: async (b, x) => {
      b.set('public-key.json', x.team.get('public-key.json').slice());
      await b.relist();
      return [
        [
          'public-key.json',
          new RegExp(`^holds key ${esc(x.carolKey)}, manifest.json says ${esc(x.danaKey)}$`),
        ],
        [/^ledger\.jsonl entry 1$/, /^the signature does not verify/],
      ];
    },
  },
  {
    name: 'fingerprint in public-key.json edited',
    forge: async (b, x) => {
      b.setJson('public-key.json', { ...b.json('public-key.json'), fingerprint: x.carolKey });
      await b.relist();
      return [['public-key.json', /^the fingerprint is not the RFC 7638 thumbprint of the key/]];
    },
  },
  {
    name: 'timestamp reply for an entry that does not exist',
    forge: async (b) => {
      b.set('ledger/000009.tsr', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]));
      await b.relist();
      return [['ledger/000009.tsr', /^stamps entry 9, which is not in the ledger$/]];
    },
  },
  {
    name: 'stray file in the ledger folder',
    forge: async (b) => {
      b.set('ledger/000003.json.bak', b.get('ledger/000003.json').slice());
      await b.relist();
      return [['ledger/000003.json.bak', /^is not a file a ledger folder holds/]];
    },
  },

  {
    name: 'timestamp reply that is not a token, filed for entry 1',
    forge: async (b) => {
      b.set('ledger/000001.tsr', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]));
      await b.relist();
      return [
        ['ledger/000001.tsr', /does not verify for ledger entry 1|not a valid timestamp reply/],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'manifest says a capture’s image belongs to another capture, re-signed by the forger',
    forge: async (b) => {
      const image = b.filesOf('first').find((p) => /_first\.png$/.test(p))!;
      const other = idOf(b, 'second');
      await b.resign({
        manifest: (m) => {
          m.files.find((f) => f.path === image)!.captureId = other;
        },
      });
      return [
        [
          image,
          new RegExp(`^is listed as a file of capture ${other}, but sits beside capture [0-9a-f-]{36}$`),
        ],
      ];
    },
  },
  {
    name: 'garbage reply filed for the export entry (a path the manifest does not list)',
    forge: async (b) => {
      b.set('ledger/000006.2.tsr', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]));
      return [['ledger/000006.2.tsr', /does not verify for ledger entry 6|not a valid timestamp reply/]];
    },
  },
  {
    name: 'page text added beside a capture that kept none, re-signed by the forger',
    forge: async (b) => {
      const record = b
        .filesOf('second')
        .find((p) => p.startsWith('controls/A.5.18/') && p.endsWith('.json'))!;
      const text = record.replace(/\.json$/, '.txt');
      b.set(text, 'The reviewer approved every account.');
      await b.resign();
      return [
        [
          text,
          new RegExp(`^capture ${idOf(b, 'second')} has no page text, yet this file sits beside its record$`),
        ],
      ];
    },
  },
  {
    name: 'image of a capture removed from both its folders, re-signed by the forger',
    forge: async (b) => {
      const id = idOf(b, 'second');
      const images = b.filesOf('second').filter((p) => p.endsWith('.png'));
      for (const p of images) b.delete(p);
      await b.resign();
      return images.map((p): Expect => [p, new RegExp(`^the image of capture ${id} is missing$`)]);
    },
  },
  {
    name: 'throughSeq at or after the export entry, re-signed by the forger',
    forge: async (b) => {
      await b.resign({
        manifest: (m) => {
          m.signers[0]!.throughSeq = 99;
        },
      });
      return [['manifest.json', /^throughSeq 99 is not before the export entry 6$/]];
    },
  },
  {
    name: 'deletion record listed twice, re-signed by the forger',
    forge: async (b) => {
      const d = b.json<DeletionRecord[]>('deletions.json');
      b.setJson('deletions.json', [d[0], d[0]]);
      await b.resign();
      return [['deletions.json', /twice|more than once|duplicate|already/]];
    },
  },

  // Version-2 entries (ledger format 2, bundle format 6).
  {
    name: 'bundle relabelled format 5 while its ledger holds version-2 entries, re-signed by the forger',
    forge: async (b) => {
      await b.resign({ manifest: (m) => Forged.withoutLayout(Object.assign(m, { formatVersion: 5 })) });
      return [['ledger.jsonl', /^entry 1 is version 2, which a format 5 bundle cannot hold$/]];
    },
  },
  {
    name: 'a version-1 entry after version-2 ones (a free-form content), re-signed by the forger',
    forge: async (b) => {
      await b.resign({ edit: (es) => es.map((e) => (e.seq === 2 ? { ...e, v: 1 } : e)) });
      return [['ledger.jsonl', /^entry 2 is version 1 after version-2 entry 1$/]];
    },
  },
  {
    name: 'version-2 capture entry naming its controls and page, re-signed by the forger',
    forge: async (b) => {
      await b.resign({
        edit: (es) =>
          es.map((e) =>
            e.seq === 1
              ? { ...e, content: { ...e.content, controlIds: ['A.5.18'], pageUrl: 'https://x.example/' } }
              : e,
          ),
      });
      return [
        [
          'ledger.jsonl',
          /^line 1: not a ledger record \(field entry\.content: Unrecognized keys?: "controlIds", "pageUrl"\)$/,
        ],
      ];
    },
  },
  {
    name: 'version-2 entry of the reserved type edit, re-signed by the forger',
    forge: async (b) => {
      await b.resign({ edit: (es) => es.map((e) => (e.seq === 3 ? { ...e, type: 'edit' as const } : e)) });
      return [
        [
          'ledger.jsonl',
          /^line 3: not a ledger record \(field entry\.type: a version-2 entry cannot be "edit"\)$/,
        ],
      ];
    },
  },
  {
    name: 'version-2 tombstone re-signed over another deletion record (reason rewritten)',
    forge: async (b) => {
      const d = b.json<DeletionRecord[]>('deletions.json');
      const id = d[0]!.captureId;
      b.setJson('deletions.json', [{ ...d[0]!, reason: 'policy: retention expired' }]);
      await b.resign();
      return [
        [
          'deletions.json',
          new RegExp(`^record \\[0\\] \\(capture ${id}\\) matches no signed tombstone: invented or edited$`),
        ],
      ];
    },
  },

  // Teammates’ ledgers.
  {
    name: 'teammate’s ledger folder not listed among the signers',
    from: 'team',
    forge: async (b, x) => {
      b.editManifest((m) => {
        m.signers.splice(1, 1);
      });
      return [
        [
          new RegExp(`^${esc(bobFolder(x))}`),
          /^belongs to no ledger that manifest\.json lists among its signers$/,
        ],
        manifestResigned(3),
      ];
    },
  },
  {
    name: 'teammate’s ledger folder not listed among the signers, re-signed by the forger',
    from: 'team',
    forge: async (b, x) => {
      await b.resign({ manifest: (m) => m.signers.splice(1, 1) });
      return [
        [
          new RegExp(`^${esc(bobFolder(x))}`),
          /^belongs to no ledger that manifest\.json lists among its signers$/,
        ],
      ];
    },
  },
  {
    name: 'teammate’s ledger listed before the exporter’s, re-signed by the forger',
    from: 'team',
    forge: async (b) => {
      await b.resign({ manifest: (m) => m.signers.reverse() });
      return [
        [
          'manifest.json',
          /^signers must start with the exporter's ledger \(folder "", with throughSeq and no coverage\)$/,
        ],
      ];
    },
  },
  {
    name: 'exporter’s ledger given a coverage (narrowing what it must account for), re-signed by the forger',
    from: 'team',
    forge: async (b) => {
      await b.resign({
        manifest: (m) => {
          m.signers[0] = {
            ...m.signers[0]!,
            coverage: [{ kind: 'selection', controlIds: ['Z.9'], throughSeq: 1 }],
          };
        },
      });
      return [
        [
          'manifest.json',
          /^signers must start with the exporter's ledger \(folder "", with throughSeq and no coverage\)$/,
        ],
      ];
    },
  },
  {
    name: 'teammate’s ledger listed with throughSeq instead of coverage, re-signed by the forger',
    from: 'team',
    forge: async (b, x) => {
      await b.resign({
        manifest: (m) => {
          const { coverage: _, ...rest } = m.signers[1]!;
          m.signers[1] = { ...rest, throughSeq: 1 };
        },
      });
      return [
        [
          'manifest.json',
          new RegExp(`^signer ${esc(x.bobKey)}: a teammate's ledger sits under signers/ and has coverage$`),
        ],
      ];
    },
  },
  {
    name: 'teammate’s ledger moved to another key’s folder, re-signed by the forger',
    from: 'team',
    forge: async (b, x) => {
      const folder = `signers/${x.carolKey.slice(0, 16)}/`;
      for (const p of [...b.files.keys()])
        if (p.startsWith(bobFolder(x))) {
          b.set(p.replace(bobFolder(x), folder), b.get(p));
          b.delete(p);
        }
      await b.resign({
        manifest: (m) => {
          m.signers[1]!.folder = folder;
        },
      });
      return [
        [
          `${folder}public-key.json`,
          new RegExp(`^key ${esc(x.bobKey)} is filed under another key's folder$`),
        ],
      ];
    },
  },
  {
    name: 'teammate’s ledger entry edited',
    from: 'team',
    forge: async (b, x) => {
      const l = b.ledger(bobFolder(x));
      l[0]!.entry.content.captureMode = 'region';
      b.setLedger(l, bobFolder(x));
      await b.relist();
      return [[`${bobFolder(x)}ledger.jsonl`, /^entry 1 was edited/], manifestResigned(3)];
    },
  },
  {
    name: 'teammate’s public key replaced by the forger’s',
    from: 'team',
    forge: async (b, x) => {
      const key = await forgerKey();
      b.setJson(`${bobFolder(x)}public-key.json`, {
        ...b.json(`${bobFolder(x)}public-key.json`),
        jwk: key.jwk,
        fingerprint: key.fingerprint,
      });
      await b.relist();
      return [
        [
          `${bobFolder(x)}public-key.json`,
          new RegExp(`^holds key ${esc(key.fingerprint)}, manifest.json says ${esc(x.bobKey)}$`),
        ],
      ];
    },
  },
  {
    name: 'teammate’s ledger re-signed by a forger’s key filed under its own folder, genuine keys pinned',
    from: 'team',
    options: (x) => ({ pinnedSigners: [x.carolKey, x.bobKey] }),
    forge: async (b, x) => {
      const key = await forgerKey();
      const folder = `signers/${key.fingerprint.slice(0, 16)}/`;
      const bobs = b.ledger(bobFolder(x)).map((r) => r.entry);
      const signed = await key.chain(bobs);
      for (const p of [...b.files.keys()]) if (p.startsWith(bobFolder(x))) b.delete(p);
      b.setLedger(signed, folder);
      for (const r of signed)
        b.set(`${folder}ledger/${String(r.entry.seq).padStart(6, '0')}.json`, spell.canonical(r.entry));
      b.setJson(`${folder}public-key.json`, {
        format: 'prooftrail-public-key',
        jwk: key.jwk,
        fingerprint: key.fingerprint,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      await b.resign({
        manifest: (m) => {
          m.signers[1] = { ...m.signers[1]!, fingerprint: key.fingerprint, folder };
        },
      });
      return [
        [
          `${folder}public-key.json`,
          new RegExp(
            `^key ${esc(key.fingerprint)} \\(claims to be Bob <bob@example\\.com>\\) is not among the signers you pinned$`,
          ),
        ],
      ];
    },
  },
  {
    name: 'teammate’s key not pinned (only the exporter’s is)',
    from: 'team',
    options: (x) => ({ pinnedSigners: [x.carolKey] }),
    forge: async (_, x) => [
      [
        `${bobFolder(x)}public-key.json`,
        new RegExp(
          `^key ${esc(x.bobKey)} \\(claims to be Bob <bob@example\\.com>\\) is not among the signers you pinned$`,
        ),
      ],
    ],
  },

  // Files the manifest does not account for, and hostile names.
  {
    name: 'file added to a control folder, not listed',
    forge: async (b) => {
      b.set('controls/A.5.18/extra.png', b.get(b.filesOf('first')[0]!).slice());
      return [['controls/A.5.18/extra.png', /^not listed in the manifest \(added after export\?\)$/]];
    },
  },
  {
    name: 'file added at the root, not listed',
    forge: async (b) => {
      b.set('approval.txt', 'Approved by the CISO.');
      return [['approval.txt', /^not listed in the manifest \(added after export\?\)$/]];
    },
  },
  {
    name: 'file added and listed, in no place a bundle has files',
    forge: async (b) => {
      b.set('approval.txt', 'Approved by the CISO.');
      await b.relist();
      return [['approval.txt', /^is not a file a ProofTrail bundle contains$/], manifestResigned()];
    },
  },
  {
    name: 'image added beside no capture record, re-signed by the forger',
    forge: async (b) => {
      b.set('controls/A.5.18/extra.png', b.get(b.filesOf('first')[0]!).slice());
      await b.resign();
      return [['controls/A.5.18/extra.png', /^has no capture record beside it$/]];
    },
  },
  {
    name: 'an entry named __proto__, not listed',
    forge: async (b) => ({
      zip: buildZip([...b.files, ['__proto__', new TextEncoder().encode('{"ok":true}')]]),
      expect: [['__proto__', /^not listed in the manifest \(added after export\?\)$/]],
    }),
  },
  {
    name: 'an entry named ../evil.sh, not listed',
    forge: async (b) => ({
      zip: buildZip([...b.files, ['../evil.sh', new TextEncoder().encode('rm -rf ~')]]),
      expect: [['(zip)', /^\.\.\/evil\.sh: "\.\." segment in the path/]],
    }),
  },
  {
    name: 'an entry with an absolute path (/etc/cron.d/prooftrail)',
    forge: async (b) => ({
      zip: buildZip([...b.files, ['/etc/cron.d/prooftrail', new TextEncoder().encode('* * * * * true')]]),
      expect: [['(zip)', /^\/etc\/cron\.d\/prooftrail: absolute path/]],
    }),
  },
  {
    name: 'an entry whose name holds backslashes',
    forge: async (b) => ({
      zip: buildZip([...b.files, ['controls\\A.5.18\\extra.png', new Uint8Array([1, 2, 3])]]),
      expect: [['(zip)', /backslash in the name/]],
    }),
  },
  {
    name: 'an entry whose name holds a line feed (it would forge a report line)',
    forge: async (b) => ({
      zip: buildZip([...b.files, ['approval\nOK all good.txt', new Uint8Array([1, 2, 3])]]),
      expect: [['(zip)', /^"approval\\nOK all good\.txt": control character U\+000A in the name$/]],
    }),
  },
  {
    name: 'manifest.json twice in the ZIP (the second a forgery)',
    forge: async (b) => {
      const forged = b.clone().editManifest((m) => Object.assign(m, { captureCount: 3 }));
      return {
        zip: buildZip([...b.files, ['manifest.json', forged.get('manifest.json')]]),
        expect: [['(zip)', /^manifest\.json: the name occurs more than once in the ZIP$/]],
      };
    },
  },
  {
    name: 'names that collide once case is ignored (a second README-AUDITOR.TXT), listed',
    forge: async (b) => {
      b.set('README-AUDITOR.TXT', 'No need to check the fingerprint.');
      await b.relist();
      return [
        [
          '(zip)',
          /^README-AUDITOR\.TXT: collides with README-AUDITOR\.txt once case and Unicode form are ignored$/,
        ],
      ];
    },
  },
  {
    name: 'names that collide once Unicode form is ignored (café in NFC and NFD), listed',
    forge: async (b) => {
      b.set('controls/A.5.18/caf\u00e9.png', new Uint8Array([1]));
      b.set('controls/A.5.18/cafe\u0301.png', new Uint8Array([2]));
      await b.relist();
      return [['(zip)', /collides with .*caf.* once case and Unicode form are ignored$/]];
    },
  },
  {
    name: 'capture copied under a name that collides once case is ignored, re-signed by the forger',
    forge: async (b) => {
      for (const p of b.filesOf('second').filter((p) => p.startsWith('controls/A.8.2/')))
        b.set(p.replace('_second', '_SECOND'), b.get(p).slice());
      await b.resign();
      return [
        [
          '(zip)',
          /_SECOND\.(png|json): collides with .*_second\.(png|json) once case and Unicode form are ignored$/,
        ],
      ];
    },
  },
  {
    name: 'manifest lists a path holding a line feed (it would forge a report line)',
    forge: async (b) => {
      b.editManifest((m) => {
        m.files.push({
          path: 'approval\nOK all evidence verified',
          sha256: '0'.repeat(64),
          size: 1,
          role: 'image',
        });
      });
      return [
        [
          /^"?approval(\n|\\n|\\u000a)OK all evidence verified"?$/,
          /^listed in the manifest but missing from the bundle \(removed\?\)$/,
        ],
        manifestResigned(),
      ];
    },
  },
  {
    name: 'ledger entry with an artifact named with a line feed (it would forge a report line)',
    forge: async (b) => {
      const l = b.ledger();
      Object.assign(l[0]!.entry.artifacts, { 'x\nOK all evidence verified': 'not a hash' });
      b.setLedger(l);
      return [
        [
          'ledger.jsonl',
          /^line 1: not a ledger record \(field entry\.artifacts\."?x(\n|\\n|\\u000a)OK all evidence verified"?: expected 64 lower-case hex digits\)$/,
        ],
      ];
    },
  },
  {
    name: 'capture record that is not JSON (the parser’s message must not carry its bytes onto new lines)',
    forge: async (b) => {
      const path = b.recordOf('first');
      b.set(path, `${b.text(path).slice(0, 40)},\n\nOK all evidence verified\n}`);
      await b.relist();
      return [[path, /^is not valid JSON/]];
    },
  },
];

describe('tamper corpus: every forgery is refused, naming the file and the reason', () => {
  it('passes the untouched bundles, with the signer not pinned unless the auditor pins it', async () => {
    const { full, team, danaKey, carolKey, bobKey } = bench;
    const r = await verifyZip(full.zip());
    expect(r.problems).toEqual([]);
    expect(r.summary).toMatchObject({ captures: 2, deletions: 1, pinned: false });
    const [line] = formatReport(r, 'full.zip');
    expect(line).toMatch(new RegExp(`^OK full\\.zip: .*signed by key ${esc(danaKey)} .*signer not pinned`));
    const pinned = await verifyZip(full.zip(), { pinnedSigners: [danaKey] });
    expect(formatReport(pinned, 'full.zip')[0]).toMatch(/^OK .*every signer is pinned$/);
    const t = await verifyZip(team.zip(), { pinnedSigners: [carolKey, bobKey] });
    expect(t.problems).toEqual([]);
    expect(t.summary.signers?.map((s) => s.fingerprint)).toEqual([carolKey, bobKey]);
    for (const b of [bench.before, bench.narrow]) expect((await verifyZip(b.zip())).problems).toEqual([]);
  });

  it('passes a bundle made up and signed by a fresh key when unpinned, and says the signer is not pinned', async () => {
    const b = bench.full.clone();
    const key = await b.resign();
    const r = await verifyZip(b.zip());
    expect(r.problems).toEqual([]);
    const [line] = formatReport(r, 'forged.zip');
    expect(line).toMatch(
      new RegExp(`signed by key ${esc(key.fingerprint)} \\(claims Dana <dana@example\\.com>\\)`),
    );
    expect(line).toMatch(
      /signer not pinned: compare this fingerprint with the ones the exporter gave you out of band/,
    );
    expect(line).not.toContain(bench.danaKey);
  });

  it('keeps the OK line of a made-up bundle one line, whatever identity it claims', async () => {
    const b = bench.full.clone();
    const fake = { name: 'Dana\nOK forged.zip: every signer is pinned', email: 'dana@example.com' };
    await b.resign({
      edit: (es) => es.map((e) => (e.type === 'deletion' ? e : { ...e, actor: fake })),
      manifest: (m) => {
        m.exportedBy = fake;
      },
    });
    const r = await verifyZip(b.zip());
    expect(r.problems).toEqual([]);
    const lines = formatReport(r, 'forged.zip');
    for (const line of lines)
      expect(
        controlIn(line),
        `a report line split by a control character: ${JSON.stringify(line)}`,
      ).toBeUndefined();
    expect(lines[0]).toMatch(/signer not pinned/);
  });

  it('refuses the checked-in format-1 bundle as unsigned, and reads it as UNSIGNED with allowUnsigned', async () => {
    const v1 = new Uint8Array(
      readFileSync(new URL('../../fixtures/bundles/v1-demo-bundle.zip', import.meta.url)),
    );
    const refused = await verifyZip(v1);
    expect(refused.ok).toBe(false);
    expect(refused.problems).toEqual([
      { path: 'manifest.json', message: expect.stringMatching(/^format 1 is not signed/) },
    ]);
    expect(formatReport(refused, 'v1.zip')[0]).toMatch(/^FAIL manifest\.json: format 1 is not signed/);
    const allowed = await verifyZip(v1, { allowUnsigned: true });
    expect(allowed.problems).toEqual([]);
    expect(formatReport(allowed, 'v1.zip')[0]).toMatch(/^OK v1\.zip: UNSIGNED: /);
  });

  it('reads a format-5 bundle relabelled format 1 at best as UNSIGNED, never as signed', async () => {
    const b = bench.full.clone().editManifest((m) => Object.assign(m, { formatVersion: 1 }));
    const r = await verifyZip(b.zip(), { allowUnsigned: true });
    const [line] = formatReport(r, 'relabelled.zip');
    if (r.ok) expect(line).toMatch(/^OK relabelled\.zip: UNSIGNED: /);
    else expect(line).toMatch(/^FAIL /);
    expect(line).not.toMatch(/signed by key/);
  });

  it('has at least 30 named cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('refuses: %s', async (_, c) => {
    const b = bench[c.from ?? 'full'].clone();
    const out = await c.forge(b, bench);
    const { zip, expect: wanted } = Array.isArray(out) ? { zip: b.zip(), expect: out } : out;
    const r = await verifyZip(zip, c.options?.(bench));
    const lines = formatReport(r, 'forged.zip');
    expect(r.ok, lines.join('\n')).toBe(false);
    expect(r.bundle).toBeUndefined();
    for (const [path, message] of wanted)
      expect(r.problems, `no problem ${String(path)}: ${message}\n${lines.join('\n')}`).toContainEqual({
        path: typeof path === 'string' ? path : expect.stringMatching(path),
        message: expect.stringMatching(message),
      });
    for (const line of lines)
      expect(
        controlIn(line),
        `a report line split by a control character: ${JSON.stringify(line)}`,
      ).toBeUndefined();
  });
});
