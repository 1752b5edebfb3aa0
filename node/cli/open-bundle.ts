import type { BundleArchive } from '../../lib/verify/archive';
import { openZipArchive } from '../../lib/zip/open-zip-archive';
import { nodeSha256, openFileSource } from './file-source';

/**
 * Opens a bundle file for `use`, reading it on demand (never whole: a 1 GB bundle verifies in
 * bounded memory) with Node's native SHA-256, and closes it afterwards.
 */
export async function openBundleFile<T>(
  file: string,
  use: (archive: BundleArchive) => Promise<T>,
): Promise<T> {
  const source = await openFileSource(file);
  try {
    return await use(await openZipArchive(source, { hasher: nodeSha256 }));
  } finally {
    await source.close();
  }
}
