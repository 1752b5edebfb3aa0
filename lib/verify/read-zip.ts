import { openZipArchive } from '../zip/open-zip-archive';
import { bytesSource } from '../zip/random-access-source';
import { type BundleArchive, BundleReadError } from './archive';

export { BundleReadError };

/**
 * Opens a bundle held in memory through its central directory (lib/zip/): unsafe names, bombs
 * and damaged archives are refused with a BundleReadError naming the entry and the reason.
 */
export function readZip(bytes: Uint8Array): Promise<BundleArchive> {
  return openZipArchive(bytesSource(bytes));
}
