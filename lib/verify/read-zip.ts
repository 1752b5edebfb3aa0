import { unzipSync } from 'fflate';

/** The entries of a ZIP, and names that occur more than once (a sign of tampering). */
export interface ZipContents {
  files: Map<string, Uint8Array>;
  duplicates: string[];
}

/** Thrown for input that is not a readable ZIP; the message says why. */
export class BundleReadError extends Error {}

/** Reads a whole ZIP from bytes; directories are skipped. Throws BundleReadError on bad input. */
export function readZip(bytes: Uint8Array): ZipContents {
  if (bytes.length < 22) throw new BundleReadError(`not a ZIP file (only ${bytes.length} bytes)`);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new BundleReadError('not a ZIP file (it does not start with the ZIP signature "PK")');
  const seen = new Set<string>();
  const duplicates: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (seen.has(f.name)) duplicates.push(f.name);
        seen.add(f.name);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    throw new BundleReadError(
      `the ZIP file is damaged and cannot be read (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return { files: new Map(Object.entries(entries)), duplicates };
}
