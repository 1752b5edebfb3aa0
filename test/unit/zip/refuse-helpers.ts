import { expect } from 'vitest';
import { BundleReadError } from '../../../lib/verify/archive';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';

/** Opens a ZIP and reads every entry; returns the BundleReadError message it is refused with. */
export async function refusal(zip: Uint8Array): Promise<string> {
  try {
    const archive = await openZipArchive(bytesSource(zip));
    for (const name of archive.names) await archive.read(name, 1 << 30);
  } catch (e) {
    if (!(e instanceof BundleReadError)) throw e;
    expect(e.message).not.toMatch(/\n/);
    return e.message;
  }
  throw new Error('the ZIP was not refused');
}
