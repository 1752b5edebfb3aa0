// The library bench's data (and the library-scale regression test's): the coverage bench's captures
// over 150 controls and an audit year (coverage-fixture.ts), each given a random-looking UUID, a
// page title, sometimes a note, and a page text of some hundred words drawn from a vocabulary of a
// few thousand, plus the ledger entry and the small image every capture has. Generated
// deterministically, in the browser page that stores it (nothing this size crosses the protocol).

import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { LedgerRecord } from '../../lib/formats/ledger-entry';
import { seededRandom as random } from '../fixtures/seeded-random';
import { coverageFixture } from './coverage-fixture';

/** A note written into exactly one capture, to find by search. */
export interface Needle {
  /** Which capture (0-based, in fixture order) carries it. */
  index: number;
  note: string;
}

/** One capture of the library fixture: its record, page text and ledger entry. */
export interface LibraryCapture {
  record: CaptureMetadata;
  pageText: string;
  ledger: LedgerRecord;
}

const SYLLABLES = [
  'ac', 'ad', 'al', 'an', 'ar', 'be', 'ca', 'ce', 'co', 'de', 'di', 'do', 'en', 'er', 'es', 'fi', 'ga',
  'ge', 'in', 'is', 'ka', 'la', 'le', 'li', 'lo', 'ma', 'me', 'mi', 'mo', 'na', 'ne', 'ni', 'no', 'or',
  'pa', 'pe', 'po', 'ra', 're', 'ri', 'ro', 'sa', 'se', 'si', 'so', 'ta', 'te', 'ti', 'to', 'un', 'va',
  've', 'vi', 'za',
]; // biome-ignore format: a table

/** Words a console shows, then generated ones, the first ones most frequent (roughly Zipf). */
const COMMON = [
  'user', 'users', 'access', 'review', 'admin', 'role', 'roles', 'group', 'policy', 'enabled',
  'disabled', 'last', 'login', 'active', 'inactive', 'owner', 'member', 'permission', 'settings',
  'audit', 'log', 'logs', 'account', 'service', 'key', 'keys', 'rotation', 'backup', 'restore',
  'encryption', 'firewall', 'network', 'ticket', 'change', 'approved', 'pending', 'status', 'date',
  'quarterly', 'monthly', 'report', 'export', 'mfa', 'sso', 'password', 'session', 'timeout',
  'vendor', 'risk', 'incident', 'alert', 'monitoring', 'retention', 'days', 'production', 'staging',
]; // biome-ignore format: a table

function vocabulary(size: number): string[] {
  const rnd = random(7);
  const words = new Set(COMMON);
  while (words.size < size) {
    const n = 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

const VOCABULARY = vocabulary(6000);
/** Words of page text per capture, around this. */
const WORDS = 160;

/** A UUID (version 4 layout) from a generator. */
function uuidOf(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rnd() * 4)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * `count` captures over 150 controls (coverageFixture) with what the library shows and searches.
 * With a needle, that capture's note is the needle's note (and no other capture's note has it).
 */
export function libraryFixture(count: number, needle?: Needle): LibraryCapture[] {
  const { records } = coverageFixture(count);
  const rnd = random(count * 31 + 5);
  const word = () => VOCABULARY[Math.floor(VOCABULARY.length * rnd() ** 3)]!;
  const zeros = '0'.repeat(64);
  return records.map((base, i) => {
    const id = uuidOf(rnd);
    const words = Array.from({ length: WORDS - 40 + Math.floor(rnd() * 80) }, word);
    const title = `${base.controls[0]!.title.split(' ').slice(0, 3).join(' ')} · ${word()} ${i}`;
    const note =
      needle?.index === i ? needle.note : rnd() < 0.2 ? `Reviewed ${word()} ${word()} for ${word()}` : '';
    const record: CaptureMetadata = {
      ...base,
      id,
      note,
      pageTitle: title,
      pageUrl: `https://console.bench.prooftrail.example/${word()}/${word()}/${i}`,
    };
    const ledger: LedgerRecord = {
      entry: {
        v: 2,
        seq: i + 1,
        prev: zeros,
        at: base.capturedAt,
        type: 'capture',
        actor: { name: 'Bench Runner', email: 'bench@prooftrail.example' },
        key: 'bench-key',
        subject: id,
        artifacts: { metadata: zeros, image: zeros },
        content: { capturedAt: base.capturedAt, captureMode: 'visible' },
      },
      hash: zeros,
      signature: 'bench',
    } as LedgerRecord;
    return { record, pageText: `${title}\n${words.join(' ')} user${i}@bench.example`, ledger };
  });
}
