import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { BundleManifest } from '../formats/manifest';
import type { PublicKeyFile } from '../formats/public-key';
import type { LedgerCoverage } from '../formats/scope-types';

/** A capture of a bundle that verified, with every path holding a copy of its record. */
export interface VerifiedCapture {
  record: CaptureMetadata;
  /** `controls/<id>/<name>` without extension, one per control folder it is filed in. */
  bases: string[];
}

/** A capture bound to the ledger entry that signs it. */
export interface SignedCapture extends VerifiedCapture {
  /** Fingerprint of the key whose ledger holds its capture entry, and that entry's number. */
  signer: string;
  seq: number;
}

/** A timestamp reply in a bundle: `ledger/NNNNNN.tsr` (n = 1) or `.n.tsr`. */
export interface BundleToken {
  path: string;
  seq: number;
  n: number;
  der: Uint8Array;
}

/** A signed ledger of a bundle that verified. */
export interface VerifiedLedger {
  /** `""` for the exporter's ledger, `signers/<id>/` for a teammate's. */
  folder: string;
  publicKey: PublicKeyFile;
  records: LedgerRecord[];
  tokens: BundleToken[];
  /** Imported ledgers: what of them the bundle must account for. */
  coverage?: LedgerCoverage[];
}

/** Everything the verifier vouched for: what import and the reports may use without re-checking. */
export interface VerifiedBundle {
  manifest: BundleManifest;
  /** SHA-256 of manifest.json's bytes, as the export entry signs it. */
  manifestSha256: string;
  captures: SignedCapture[];
  deletions: DeletionRecord[];
  /** The exporter's ledger first. */
  ledgers: VerifiedLedger[];
  /** The exporter's entry that signs this export (the root ledger's last). */
  exportEntry: LedgerRecord;
}
