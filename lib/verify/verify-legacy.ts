import { type LegacyManifest, MANIFEST_PATH } from '../formats/manifest';
import { canonicalSha256 } from '../integrity/canonical';
import type { BundleArchive } from './archive';
import { checkFiles } from './check-files';
import type { VerifyReport } from './report';
import type { Findings, VerifyOptions } from './verify-options';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Formats 1–4, read only with `--allow-unsigned`: every file matches the manifest and every
 * capture record its own metadata hash and image. Nothing signs the manifest, so whoever edits a
 * file can edit the manifest too: the report says UNSIGNED and proves only internal consistency.
 */
export async function verifyLegacy(
  archive: BundleArchive,
  manifest: LegacyManifest,
  summary: VerifyReport['summary'],
  f: Findings,
  options: VerifyOptions,
): Promise<void> {
  // Nothing in these formats can satisfy what the auditor asked for: say so rather than ignore it.
  if (options.pinnedSigners)
    f.add(
      MANIFEST_PATH,
      `format ${manifest.formatVersion} is not signed: there is no signer to match the pinned keys`,
    );
  if (options.requireTimestamps)
    f.add(
      MANIFEST_PATH,
      `format ${manifest.formatVersion} is not signed: nothing in it can carry the timestamps required`,
    );
  const { parsed } = await checkFiles(archive, manifest, new Set([MANIFEST_PATH]), f, true);
  const listed = new Map(manifest.files.map((x) => [x.path, x]));
  const ids = new Set<string>();
  for (const [path, bytes] of parsed) {
    if (listed.get(path)?.role !== 'metadata') continue;
    let record: Record<string, unknown> & { id?: string; image?: { sha256?: string } };
    try {
      record = JSON.parse(decoder.decode(bytes));
    } catch {
      f.add(path, 'is not valid UTF-8 JSON');
      continue;
    }
    const { metadataSha256, ...unsealed } = record;
    if ((await canonicalSha256(unsealed)) !== metadataSha256)
      f.add(path, 'metadata was edited: it does not match its metadata hash');
    const image = listed.get(path.replace(/\.json$/, '.png'));
    if (!image || image.sha256 !== record.image?.sha256)
      f.add(path.replace(/\.json$/, '.png'), 'is missing or is not the image its record describes');
    if (typeof record.id === 'string') ids.add(record.id);
  }
  if (ids.size !== manifest.captureCount)
    f.add(
      MANIFEST_PATH,
      `captureCount is ${manifest.captureCount} but the bundle holds metadata for ${ids.size} captures`,
    );
  Object.assign(summary, {
    unsigned: true,
    formatVersion: manifest.formatVersion,
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy
      ? `${manifest.exportedBy.name} <${manifest.exportedBy.email}>`
      : undefined,
    files: manifest.files.length,
    captures: ids.size,
  });
}
