import { SHA256SUMS_PATH } from '../formats/bundle-paths';
import type { BundleManifest } from '../formats/manifest';
import { CHECKSUMS_BUNDLE_VERSION } from '../formats/schema-ids';
import { sha256Sums } from '../formats/sha256sums';
import { sha256Hex } from '../integrity/sha256';
import type { Findings } from './verify-options';

/**
 * Step 3, format 9 and later: the manifest lists `SHA256SUMS`, and its bytes are exactly those the
 * manifest's other files make (lib/formats/sha256sums.ts): the SHA-256 the manifest gives for
 * `SHA256SUMS` is that of the expected bytes. The file's own bytes are checked against that hash
 * with every other listed file (check-files.ts), so a `SHA256SUMS` that differs by one byte from
 * the manifest's list fails. Earlier formats carry none and are checked as they always were.
 */
export async function checkSha256Sums(manifest: BundleManifest, f: Findings): Promise<void> {
  if (manifest.formatVersion < CHECKSUMS_BUNDLE_VERSION) return;
  const listed = manifest.files.find((file) => file.path === SHA256SUMS_PATH);
  if (!listed) {
    f.add(
      SHA256SUMS_PATH,
      `is not listed in the manifest: every bundle of format ${CHECKSUMS_BUNDLE_VERSION} or later carries it`,
    );
    return;
  }
  const expected = sha256Sums(manifest.files);
  if ((await sha256Hex(expected as BufferSource)) !== listed.sha256 || expected.byteLength !== listed.size)
    f.add(
      SHA256SUMS_PATH,
      "does not list exactly the manifest's other files with their SHA-256, in the manifest's order",
    );
}
