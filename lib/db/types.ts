import type { Control } from '../catalog/types';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { LedgerCoverage } from '../formats/scope-types';
import type { FileSums } from './thumbnail-sums';

/** The PNG of a capture, kept apart from its record so lists stay light. */
export interface ImageRow {
  /** Same id as the capture. */
  captureId: string;
  /** Lossless PNG exactly as hashed in the record. */
  blob: Blob;
}

/** A small preview of a capture, made after the capture is committed. */
export interface ThumbnailRow {
  captureId: string;
  /** Downscaled image (PNG or WebP); never evidence. */
  blob: Blob;
  /**
   * Its size, CRC-32 and SHA-256, computed when it was stored (lib/db/thumbnail-sums.ts) so an
   * export writes it unread. Absent only on a preview that could not be read at the upgrade to
   * version 11.
   */
  sums?: FileSums;
}

/** A control imported from a custom catalog. */
export interface CustomControlRow extends Control {
  /** When the catalog holding it was imported. */
  importedAt: string;
}

/** The person capturing, asked for on first run. */
export interface Identity {
  name: string;
  email: string;
}

/** One setting, by key. */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** The page's visible text (redacted) and snapshot, stored with a capture. */
export interface PageContextRow {
  captureId: string;
  /** UTF-8 text, hashed in the record's `pageText`. */
  text?: Blob;
  /** MHTML or HTML, hashed in the record's `pageSnapshot`. */
  snapshot?: Blob;
}

/** The device's signing key: the private half is a non-extractable CryptoKey. */
export interface DeviceKeyRow {
  id: 'device';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Public JWK (kty, crv, x, y). */
  publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  /** RFC 7638 thumbprint of the public key. */
  fingerprint: string;
  createdAt: string;
}

/** An RFC 3161 timestamp for one ledger entry from one TSA: queued, then stamped. */
export interface TimestampRow {
  /** The ledger entry stamped. */
  seq: number;
  tsaUrl: string;
  status: 'pending' | 'stamped';
  attempts: number;
  /** When to try again (ISO); pending rows only. */
  nextAttemptAt: string;
  lastError?: string;
  /** The TimeStampResp, DER, exactly as the TSA sent it. */
  token?: Uint8Array;
  /** The TSA's time, its name, and TSA time minus the entry's local time, in ms. */
  genTime?: string;
  tsaName?: string;
  skewMs?: number;
  /** The reply chains to a trusted root (default set or Settings); false: an unknown root. */
  rootTrusted?: boolean;
  /** Where the chain stopped, when the root is unknown. */
  untrustedRoot?: string;
}

/** A teammate's signing key, learned from an imported bundle. */
export interface SignerRow {
  /** RFC 7638 thumbprint of the key. */
  fingerprint: string;
  publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  createdAt: string;
  /**
   * The parts of this key's ledger whose evidence was imported (one scope per imported bundle):
   * a bundle that carries the ledger must hold the evidence of the entries inside them.
   */
  coverage: LedgerCoverage[];
  /** When a bundle signed by it was last imported. */
  importedAt: string;
}

/** One entry of a teammate's ledger, exactly as imported. */
export interface ForeignLedgerRow {
  key: string;
  seq: number;
  record: LedgerRecord;
}

/** An RFC 3161 reply over one of a teammate's ledger entries, as imported (n: 1st, 2nd TSA…). */
export interface ForeignTokenRow {
  key: string;
  seq: number;
  n: number;
  token: Uint8Array;
  genTime?: string;
  tsaName?: string;
}

/** Where an imported capture came from. Captures made on this device have no origin row. */
export interface CaptureOriginRow {
  captureId: string;
  /** The key whose ledger vouches for it, and its entry. */
  key: string;
  seq: number;
  importedAt: string;
  /** File name of the bundle it came in. */
  bundle: string;
}

/**
 * A key this library trusts to sign bundles it imports, and the person it belongs to. One key per
 * e-mail: trusting another key for the same address replaces the row. The device's own key is
 * trusted without a row.
 */
export interface TrustedSignerRow {
  /** RFC 7638 SHA-256 thumbprint of the key (base64url, 43 characters). */
  fingerprint: string;
  /** The identity the key holder claims (from the bundle, the signers file, or typed in). */
  name: string;
  email: string;
  /** When it was trusted (ISO). */
  trustedAt: string;
  /** How: on importing a bundle, typed in Settings, or from a signers file. */
  source: 'import' | 'manual' | 'signers-file';
  /** The bundle or signers file it was trusted from, when there was one. */
  from?: string;
}
