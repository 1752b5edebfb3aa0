import type { BundleArchive, HashFactory } from '../verify/archive';
import { METHOD_STORED, readCentralDirectory } from './central-directory';
import { locateEntries, type ZipEntry } from './entry-layout';
import { findEndRecord } from './find-end-record';
import { EntryInflater } from './inflate-entry';
import { checkNameCollisions } from './name-collisions';
import { checkRange, type RandomAccessSource } from './random-access-source';
import { forEachChunk } from './read-chunks';
import { refuse } from './refuse';
import { jsSha256 } from './sha256-hasher';

/** Bytes read from the source at once. */
export const READ_CHUNK = 1 << 20;

/** Options of openZipArchive. */
export interface ZipArchiveOptions {
  /** Streaming SHA-256 for digest(); defaults to JavaScript SHA-256 (Node callers pass createHash). */
  hasher?: HashFactory;
}

/**
 * Opens a ZIP through its central directory and checks every entry before any is read (names,
 * methods, local headers, layout; see the files beside this one). Entries are then read one at a
 * time, never more than their declared size, which must fit the caller's limit before anything is
 * inflated. Throws BundleReadError, naming the entry and the reason, for anything unsafe.
 */
export async function openZipArchive(
  source: RandomAccessSource,
  options: ZipArchiveOptions = {},
): Promise<BundleArchive> {
  const hasher = options.hasher ?? jsSha256;
  const end = await findEndRecord(source);
  const central = await readCentralDirectory(source, end);
  checkNameCollisions(central.map((e) => e.name));
  const located = await locateEntries(source, central, end.directoryOffset);
  // A Map, so "__proto__" and "constructor" are names like any other.
  const files = new Map<string, ZipEntry>();
  for (const e of located) if (!e.isDirectory) files.set(e.name, e);

  const entry = (name: string, limit: number): ZipEntry => {
    const e = files.get(name);
    if (!e) throw refuse(name, 'no such file in the bundle');
    // Written so that a NaN limit (a caller's missing size) refuses rather than allows.
    if (!(e.size <= limit))
      throw refuse(name, `it declares ${e.size} bytes, more than the ${limit} expected`);
    return e;
  };

  return {
    names: [...files.keys()],
    size: (name) => files.get(name)?.size,
    read: async (name, limit) => {
      const e = entry(name, limit);
      const out = new Uint8Array(e.size);
      let at = 0;
      await streamEntry(source, e, (chunk) => {
        out.set(chunk, at);
        at += chunk.byteLength;
      });
      return out;
    },
    digest: async (name, limit) => {
      const e = entry(name, limit);
      // A stored entry's bytes are the file's own: a source that hashes ranges itself does it.
      if (e.method === METHOD_STORED && source.sha256Range) {
        checkRange(e.dataOffset, e.compressedSize, source.size);
        return { sha256: await source.sha256Range(e.dataOffset, e.compressedSize), size: e.size };
      }
      const hash = hasher();
      await streamEntry(source, e, (chunk) => hash.update(chunk));
      return { sha256: await hash.hex(), size: e.size };
    },
  };
}

/** Hands an entry's uncompressed bytes to `out` in order; exactly `e.size` of them, or throws. */
async function streamEntry(source: RandomAccessSource, e: ZipEntry, out: (chunk: Uint8Array) => void) {
  if (e.method === METHOD_STORED) {
    await forEachChunk(source, e.dataOffset, e.compressedSize, READ_CHUNK, (chunk) => out(chunk));
    return;
  }
  const inflater = new EntryInflater(e.name, e.size, e.compressedSize, out);
  if (e.compressedSize === 0) inflater.push(new Uint8Array(0), true);
  else
    await forEachChunk(source, e.dataOffset, e.compressedSize, READ_CHUNK, (c, last) =>
      inflater.push(c, last),
    );
}
