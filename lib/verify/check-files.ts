import { type BundleLayout, type BundleManifest, type FileRole, layoutOf } from '../formats/manifest';
import { sha256Hex } from '../integrity/sha256';
import { type BundleArchive, BundleReadError } from './archive';
import { roleOfPath, roleTooNew, whyNoRole } from './file-roles';
import type { Findings } from './verify-options';

/** Roles whose bytes the verifier parses after hashing them: kept in memory (they are small). */
const PARSED: ReadonlySet<FileRole> = new Set(['metadata', 'deletions', 'control-index']);

/** One listed file's hash (and its bytes, for the roles parsed later), or why it could not be read. */
type Hashed = { ok: true; sha256: string; bytes?: Uint8Array } | { ok: false; failure: string };

/** Files hashed at once: enough to keep a few threads busy, few enough to bound the memory read ahead. */
const HASHED_AT_ONCE = 4;

/** `work` over every item, at most `limit` at a time; the results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What step 2 leaves for the later steps. */
export interface CheckedFiles {
  /** Bytes of the capture records, deletions.json and control indexes, hashed and equal to the manifest. */
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
  manifest: Pick<BundleManifest, 'files'> & { formatVersion?: number; layout?: BundleLayout },
  exempt: ReadonlySet<string>,
  f: Findings,
  legacyLayout = false,
): Promise<CheckedFiles> {
  const parsed = new Map<string, Uint8Array>();
  const intact = new Set<string>();
  const listed = new Set<string>();
  const present = new Set(archive.names);
  // Checked in manifest order; the files to hash are hashed several at a time (a source that
  // hashes on other threads then uses them all) and their findings reported in the same order.
  const hashed: { path: string; sha256: string; role?: FileRole; size: number }[] = [];
  const layout = layoutOf(manifest);
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
    const role = roleOfPath(path, legacyLayout, manifest.formatVersion, layout);
    if (!role) f.add(path, whyNoRole(path, manifest.formatVersion, layout));
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
    hashed.push({ path, sha256: file.sha256, role, size: file.size });
  }
  const results = await inParallel(hashed, HASHED_AT_ONCE, async ({ path, role, size }): Promise<Hashed> => {
    try {
      if (role && PARSED.has(role)) {
        const bytes = await archive.read(path, size);
        return { ok: true, bytes, sha256: await sha256Hex(bytes as BufferSource) };
      }
      return { ok: true, sha256: (await archive.digest(path, size)).sha256 };
    } catch (e) {
      if (!(e instanceof BundleReadError)) throw e;
      return { ok: false, failure: e.message };
    }
  });
  hashed.forEach(({ path, sha256: listedSha256 }, i) => {
    const r = results[i]!;
    if (!r.ok) {
      f.add(path, r.failure);
      return;
    }
    if (r.bytes) parsed.set(path, r.bytes);
    if (r.sha256 !== listedSha256)
      f.add(path, `SHA-256 is ${r.sha256}, the manifest says ${listedSha256} (changed?)`);
    else intact.add(path);
  });
  for (const path of archive.names)
    if (!listed.has(path) && !exempt.has(path))
      f.add(path, 'not listed in the manifest (added after export?)');
  return { parsed, intact };
}
