import type { Control } from '../catalog/types';

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
}
