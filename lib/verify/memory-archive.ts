import { sha256Hex } from '../integrity/sha256';
import { type BundleArchive, BundleReadError } from './archive';

/**
 * An archive over files already in memory: the unzipped folder an auditor picks in verify.html,
 * and tests. Entries are looked up in a Map, so `__proto__` is a name like any other.
 */
export function memoryArchive(files: ReadonlyMap<string, Uint8Array>): BundleArchive {
  const get = (name: string, limit: number) => {
    const bytes = files.get(name);
    if (!bytes) throw new BundleReadError(`${name}: no such file in the bundle`);
    if (bytes.byteLength > limit)
      throw new BundleReadError(`${name}: holds ${bytes.byteLength} bytes, more than the ${limit} expected`);
    return bytes;
  };
  return {
    names: [...files.keys()],
    size: (name) => files.get(name)?.byteLength,
    read: async (name, limit) => get(name, limit),
    digest: async (name, limit) => {
      const bytes = get(name, limit);
      return { sha256: await sha256Hex(bytes as BufferSource), size: bytes.byteLength };
    },
  };
}
