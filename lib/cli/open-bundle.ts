import { readFileSync } from 'node:fs';
import type { BundleArchive } from '../verify/archive';
import { readZip } from '../verify/read-zip';

/** Opens a bundle file for `use` and closes it afterwards. */
export async function openBundleFile<T>(
  file: string,
  use: (archive: BundleArchive) => Promise<T>,
): Promise<T> {
  return use(await readZip(readFileSync(file)));
}
