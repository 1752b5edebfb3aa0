import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type LegacyManifest,
  legacyManifestSchema,
  MANIFEST_PATH,
  manifestSchema,
  manifestSchemaV8,
  manifestSchemaV9,
  READABLE_BUNDLE_VERSIONS,
  UNSIGNED_BUNDLE_VERSIONS,
  WRITE_ONCE_BUNDLE_VERSION,
} from '../formats/manifest';
import { CHECKSUMS_BUNDLE_VERSION } from '../formats/schema-ids';
import { readCanonicalJson } from '../integrity/canonical-bytes';
import { sha256Hex } from '../integrity/sha256';
import { type BundleArchive, BundleReadError } from './archive';
import type { Findings, VerifyOptions } from './verify-options';

/** Largest manifest read (a bundle of 100,000 files has a manifest of about 25 MB). */
const MANIFEST_LIMIT = 64 << 20;

/** A manifest read: signed (format 5), or legacy and read only because the auditor allowed it. */
export type ReadManifest =
  | { kind: 'signed'; manifest: BundleManifest; sha256: string }
  | { kind: 'legacy'; manifest: LegacyManifest };

/**
 * Step 1: manifest.json is there, is exactly canonical JSON, names this format and a version this
 * verifier reads, and matches its schema with no unknown field. Formats 1–4 sign nothing about the
 * export, so they are refused unless the auditor asked for them.
 */
export async function readManifest(
  archive: BundleArchive,
  options: VerifyOptions,
  f: Findings,
): Promise<ReadManifest | undefined> {
  if (archive.size(MANIFEST_PATH) === undefined) {
    f.add(MANIFEST_PATH, 'missing: this is not a ProofTrail bundle, or its manifest was removed');
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await archive.read(MANIFEST_PATH, MANIFEST_LIMIT);
  } catch (e) {
    if (!(e instanceof BundleReadError)) throw e;
    f.add(MANIFEST_PATH, e.message);
    return undefined;
  }
  const version = peekVersion(bytes);
  if (!version) {
    const read = readCanonicalJson(bytes);
    f.add(MANIFEST_PATH, read.ok ? 'is not a JSON object' : read.error);
    return undefined;
  }
  if (version.format !== BUNDLE_FORMAT) {
    f.add(MANIFEST_PATH, `format is ${JSON.stringify(version.format)}, expected "${BUNDLE_FORMAT}"`);
    return undefined;
  }
  if (!READABLE_BUNDLE_VERSIONS.includes(version.formatVersion as number)) {
    f.add(
      MANIFEST_PATH,
      `format ${JSON.stringify(version.formatVersion)} is not one this verifier reads (${READABLE_BUNDLE_VERSIONS.join(', ')})`,
    );
    return undefined;
  }
  if (UNSIGNED_BUNDLE_VERSIONS.includes(version.formatVersion as number))
    return readLegacy(bytes, version.formatVersion as number, options, f);
  const read = readCanonicalJson(bytes);
  if (!read.ok) {
    f.add(MANIFEST_PATH, read.error);
    return undefined;
  }
  // Format 8 adds `layout` (and the control-index role), format 9 the checksums role (SHA256SUMS);
  // 5–7 keep their schema, without them.
  const parsed =
    version.formatVersion === CHECKSUMS_BUNDLE_VERSION
      ? manifestSchemaV9.safeParse(read.value)
      : version.formatVersion === WRITE_ONCE_BUNDLE_VERSION
        ? manifestSchemaV8.safeParse(read.value)
        : manifestSchema.safeParse(read.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      f.add(MANIFEST_PATH, `field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return undefined;
  }
  return { kind: 'signed', manifest: parsed.data, sha256: await sha256Hex(bytes as BufferSource) };
}

function readLegacy(
  bytes: Uint8Array,
  version: number,
  options: VerifyOptions,
  f: Findings,
): ReadManifest | undefined {
  if (!options.allowUnsigned) {
    f.add(
      MANIFEST_PATH,
      `format ${version} is not signed: nothing proves who exported it or that nothing was removed. Ask for a new export, or pass --allow-unsigned to check its file hashes alone`,
    );
    return undefined;
  }
  const parsed = legacyManifestSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      f.add(MANIFEST_PATH, `field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return undefined;
  }
  return { kind: 'legacy', manifest: parsed.data };
}

/** The format fields of a manifest that may not be canonical (older formats were pretty-printed). */
function peekVersion(bytes: Uint8Array): { format?: unknown; formatVersion?: unknown } | undefined {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as { format?: unknown; formatVersion?: unknown })
      : undefined;
  } catch {
    return undefined;
  }
}
