import { unzipSync } from 'fflate';
import { type BundleArchive, BundleReadError } from './archive';
import { memoryArchive } from './memory-archive';

export { BundleReadError };

/** Opens a bundle held in memory. Throws BundleReadError on input that is not a readable ZIP. */
export async function readZip(bytes: Uint8Array): Promise<BundleArchive> {
  if (bytes.length < 22) throw new BundleReadError(`not a ZIP file (only ${bytes.length} bytes)`);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new BundleReadError('not a ZIP file (it does not start with the ZIP signature "PK")');
  const seen = new Set<string>();
  const files = new Map<string, Uint8Array>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (seen.has(f.name)) throw new BundleReadError(`${f.name}: appears more than once in the ZIP`);
        seen.add(f.name);
        return false;
      },
    });
    const all = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
    for (const name of Object.keys(all)) files.set(name, all[name]!);
  } catch (e) {
    if (e instanceof BundleReadError) throw e;
    throw new BundleReadError(
      `the ZIP file is damaged and cannot be read (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return memoryArchive(files);
}
