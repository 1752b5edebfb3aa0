import type { BundleManifest, FileRole } from '../formats/manifest';
import { sha256Hex } from '../integrity/sha256';
import { type BundleArchive, BundleReadError } from './archive';
import { roleOfPath, roleTooNew } from './file-roles';
import type { Findings } from './verify-options';

/** Roles whose bytes the verifier parses after hashing them: kept in memory (they are small). */
const PARSED: ReadonlySet<FileRole> = new Set(['metadata', 'deletions']);

/** What step 2 leaves for the later steps. */
export interface CheckedFiles {
  /** Bytes of the capture records and deletions.json, hashed and equal to the manifest. */
  parsed: Map<string, Uint8Array>;
  /** Paths whose bytes match the manifest's size and SHA-256. */
  intact: Set<string>;
}

/**
 * Step 2: the manifest lists every file of the ZIP but those signed otherwise (`exempt`), each
 * once, with the role its path has; every listed file is there with the declared size (checked
 * before anything is inflated) and the SHA-256 the manifest says.
 */
export async function checkFiles(
  archive: BundleArchive,
  manifest: Pick<BundleManifest, 'files'> & { formatVersion?: number },
  exempt: ReadonlySet<string>,
  f: Findings,
  legacyLayout = false,
): Promise<CheckedFiles> {
  const parsed = new Map<string, Uint8Array>();
  const intact = new Set<string>();
  const listed = new Set<string>();
  const present = new Set(archive.names);
  for (const file of manifest.files) {
    const { path } = file;
    if (listed.has(path)) {
      f.add(path, 'listed twice in the manifest');
      continue;
    }
    listed.add(path);
    if (exempt.has(path)) {
      f.add(path, 'is listed in the manifest, but this file is signed by the export entry itself');
      continue;
    }
    const role = roleOfPath(path, legacyLayout, manifest.formatVersion);
    if (!role) f.add(path, 'is not a file a ProofTrail bundle contains');
    else if (role !== file.role) f.add(path, `is listed as ${file.role} but is a ${role} file`);
    const tooNew = role && manifest.formatVersion !== undefined && roleTooNew(role, manifest.formatVersion);
    if (tooNew) f.add(path, tooNew);
    if (!present.has(path)) {
      f.add(path, 'listed in the manifest but missing from the bundle (removed?)');
      continue;
    }
    const size = archive.size(path);
    if (size !== file.size) {
      f.add(path, `size is ${size} bytes, the manifest says ${file.size} (changed?)`);
      continue;
    }
    try {
      let sha256: string;
      if (role && PARSED.has(role)) {
        const bytes = await archive.read(path, file.size);
        parsed.set(path, bytes);
        sha256 = await sha256Hex(bytes as BufferSource);
      } else sha256 = (await archive.digest(path, file.size)).sha256;
      if (sha256 !== file.sha256)
        f.add(path, `SHA-256 is ${sha256}, the manifest says ${file.sha256} (changed?)`);
      else intact.add(path);
    } catch (e) {
      if (!(e instanceof BundleReadError)) throw e;
      f.add(path, e.message);
    }
  }
  for (const path of archive.names)
    if (!listed.has(path) && !exempt.has(path))
      f.add(path, 'not listed in the manifest (added after export?)');
  return { parsed, intact };
}
