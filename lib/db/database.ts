import Dexie, { type EntityTable } from 'dexie';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { RecipeRow } from '../formats/recipe';
import type { AuditPeriodSetting, ControlSchedule } from '../formats/schedule';
import { signalReminderInputChanges } from '../reminders/input-signal';
import type { CaptureKeyChunk } from './capture-keys';
import type { ImageSumsRow } from './image-sums';
import type { AuditRequestRow, ReminderRow, RequestLinkRow } from './period-types';
import type { SearchIndexRow } from './search-index-store';
import type { StoreObjectRow } from './store-object-row';
import { addThumbnailSums } from './thumbnail-sums';
import type {
  CaptureOriginRow,
  CustomControlRow,
  DeviceKeyRow,
  ForeignLedgerRow,
  ForeignTokenRow,
  ImageRow,
  PageContextRow,
  SettingRow,
  SignerRow,
  ThumbnailRow,
  TimestampRow,
  TrustedSignerRow,
} from './types';

/** The extension's one database. Versions are append-only: never edit a shipped `version(n)`. */
export class ProofTrailDb extends Dexie {
  captures!: EntityTable<CaptureMetadata, 'id'>;
  images!: EntityTable<ImageRow, 'captureId'>;
  thumbnails!: EntityTable<ThumbnailRow, 'captureId'>;
  deletions!: EntityTable<DeletionRecord, 'id'>;
  customControls!: EntityTable<CustomControlRow, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  pageContext!: EntityTable<PageContextRow, 'captureId'>;
  keys!: EntityTable<DeviceKeyRow, 'id'>;
  timestamps!: Dexie.Table<TimestampRow, [number, string]>;
  ledger!: Dexie.Table<LedgerRecord, number>;
  signers!: EntityTable<SignerRow, 'fingerprint'>;
  foreignLedger!: Dexie.Table<ForeignLedgerRow, [string, number]>;
  foreignTokens!: Dexie.Table<ForeignTokenRow, [string, number, number]>;
  origins!: EntityTable<CaptureOriginRow, 'captureId'>;
  trustedSigners!: EntityTable<TrustedSignerRow, 'fingerprint'>;
  schedules!: EntityTable<ControlSchedule, 'controlId'>;
  auditPeriods!: EntityTable<AuditPeriodSetting, 'framework'>;
  requests!: EntityTable<AuditRequestRow, 'id'>;
  requestLinks!: Dexie.Table<RequestLinkRow, [string, string]>;
  recipes!: EntityTable<RecipeRow, 'id'>;
  reminders!: EntityTable<ReminderRow, 'controlId'>;
  captureKeys!: EntityTable<CaptureKeyChunk, 'id'>;
  imageSums!: EntityTable<ImageSumsRow, 'captureId'>;
  searchIndex!: EntityTable<SearchIndexRow, 'id'>;
  storeObjects!: EntityTable<StoreObjectRow, 'key'>;

  /** `deps` replaces the global IndexedDB (tests and fixture generators in Node). */
  constructor(name = 'prooftrail', deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    // Strict durability: a capture reported saved must survive the browser being killed.
    super(name, { chromeTransactionDurability: 'strict', ...deps });
    this.version(1).stores({
      captures: 'id, capturedAt, *controlIds, pageUrl',
      images: 'captureId',
      thumbnails: 'captureId',
      deletions: 'id, deletedAt, *controlIds, captureId',
      customControls: 'id, framework',
      settings: 'key',
    });
    // v2: page text and snapshot kept beside each capture.
    this.version(2).stores({ pageContext: 'captureId' });
    // v3: the device signing key and the append-only, signed ledger.
    this.version(3).stores({ keys: 'id', ledger: 'entry.seq' });
    // v4: the RFC 3161 timestamp queue and tokens, per ledger entry and TSA.
    this.version(4).stores({ timestamps: '[seq+tsaUrl], seq, status' });
    // v5: evidence imported from teammates' bundles: their keys, ledgers, tokens, and origins.
    this.version(5).stores({
      signers: 'fingerprint',
      foreignLedger: '[key+seq], key',
      foreignTokens: '[key+seq+n], key',
      origins: 'captureId, key',
    });
    // v6: the keys trusted to sign imported bundles (pinning), one per e-mail.
    this.version(6).stores({ trustedSigners: 'fingerprint, email' });
    // v7: the audit period: each control's cadence and owner, each framework's audit period, the
    // auditors' request lists and what fulfils them, capture recipes, and reminder state.
    this.version(7).stores({
      schedules: 'controlId, framework',
      auditPeriods: 'framework',
      requests: 'id',
      requestLinks: '[captureId+requestId], requestId, captureId',
      recipes: 'id, *controlIds',
      reminders: 'controlId',
    });
    // v8: what coverage reads of each capture, packed in chunks so a year of evidence reads fast
    // (lib/db/capture-keys.ts). Filled from the records on first read.
    this.version(8).stores({ captureKeys: 'id' });
    // v9: each image's size, CRC-32 and SHA-256, written with it, so an export writes the stored
    // Blob without reading it (lib/db/image-sums.ts). Filled on first export for older images.
    this.version(9).stores({ imageSums: 'captureId' });
    // v10: the library's full-text index of the captures (lib/search/capture-search.ts), derived:
    // built from the captures in the background on first need and reconciled with them after.
    this.version(10).stores({ searchIndex: 'id' });
    // v11: each preview's size, CRC-32 and SHA-256 kept in its row, like the images' (v9), so an
    // export writes it without reading it; the upgrade computes them for the previews stored before.
    this.version(11).stores({}).upgrade(addThumbnailSums);
    // v12: the team store's push queue (lib/store/): one row per object to upload, written after a
    // capture, deletion, import or timestamp is committed, never in the capture's own transaction.
    this.version(12).stores({ storeObjects: 'key, state, captureId, seq' });
  }
}

let shared: ProofTrailDb | undefined;

/** The database of this extension context, opened on first use. */
export function getDb(): ProofTrailDb {
  // In the extension, committed changes to what is due wake the worker's reminders (lib/reminders).
  signalReminderInputChanges('prooftrail');
  shared ??= new ProofTrailDb();
  return shared;
}
