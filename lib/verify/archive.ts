/** Thrown for input that is not a readable, safe ZIP; the message names the entry and says why. */
export class BundleReadError extends Error {}

/**
 * A bundle's files, read on demand: the verifier never holds the whole bundle. Implemented over a
 * ZIP's central directory (lib/zip/) and over an unzipped folder or a Map (memory-archive.ts).
 */
export interface BundleArchive {
  /** Every file entry (directories excluded), names already validated. */
  readonly names: readonly string[];
  /** Declared uncompressed size (central directory); undefined when there is no such file. */
  size(name: string): number | undefined;
  /** Whole entry; BundleReadError if it is, or inflates to, more than `limit` bytes. */
  read(name: string, limit: number): Promise<Uint8Array>;
  /** Streamed SHA-256 (hex) and length; BundleReadError past `limit` bytes. */
  digest(name: string, limit: number): Promise<{ sha256: string; size: number }>;
}

/** A streaming SHA-256: Node's createHash where there is Node, a JS implementation elsewhere. */
export type HashFactory = () => { update(chunk: Uint8Array): void; hex(): string | Promise<string> };
