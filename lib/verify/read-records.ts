import { controlFolder } from '../bundle/paths';
import { controlsInScope } from '../bundle/scope';
import { type CaptureMetadata, captureMetadataSchema } from '../formats/capture-metadata';
import { type DeletionRecord, deletionRecordSchema } from '../formats/deletion-record';
import { type BundleManifest, layoutOf, type ManifestFile } from '../formats/manifest';
import { canonicalSha256 } from '../integrity/canonical';
import { readCanonicalJson } from '../integrity/canonical-bytes';
import { REQUESTS_DIR } from '../requests/request-paths';
import { checkControlIndexes } from './check-control-index';
import { recordPathOf } from './file-roles';
import type { VerifiedCapture } from './verified-bundle';
import type { Findings } from './verify-options';

/**
 * Step 4: every capture record is canonical, matches its schema exactly, and its metadata hash is
 * the hash of its other fields; its image, page text and snapshot beside it are the files the
 * record describes (hash and size), and nothing else sits beside it but its preview; a capture
 * filed under several controls is the same bytes in each folder, and it is in the folder of every
 * control the scope selects of it, and in no other. In a write-once bundle (format 8) each capture
 * is once under captures/, and the control folders' indexes list it instead (check-control-index.ts).
 */
export async function readCaptures(
  manifest: BundleManifest,
  parsed: ReadonlyMap<string, Uint8Array>,
  f: Findings,
): Promise<Map<string, VerifiedCapture>> {
  const listed = new Map(manifest.files.map((x) => [x.path, x]));
  // The files beside each record, found once (a bundle may hold thousands of captures).
  const beside = new Map<string, ManifestFile[]>();
  for (const file of manifest.files)
    if (file.role !== 'metadata' && isCaptureFile(file)) {
      const record = recordPathOf(file.path);
      beside.set(record, [...(beside.get(record) ?? []), file]);
    }
  const captures = new Map<string, VerifiedCapture & { recordSha: string }>();
  const writeOnce = layoutOf(manifest) === 'write-once';
  for (const file of manifest.files) {
    if (file.role !== 'metadata') continue;
    const bytes = parsed.get(file.path);
    if (!bytes) continue;
    const record = await readRecord(file.path, bytes, f);
    if (!record) continue;
    const base = file.path.replace(/\.json$/, '');
    if (file.captureId !== undefined && file.captureId !== record.id)
      f.add(
        file.path,
        `is listed as the record of capture ${file.captureId}, but holds capture ${record.id}`,
      );
    checkSiblings(base, record, listed, beside.get(file.path) ?? [], f);
    const recordSha = file.sha256;
    const seen = captures.get(record.id);
    if (!seen) captures.set(record.id, { record, bases: [base], recordSha });
    else if (writeOnce)
      f.add(
        file.path,
        `is a second copy of capture ${record.id} (also ${seen.bases[0]}.json): a write-once bundle holds each capture once`,
      );
    else if (seen.recordSha !== recordSha)
      f.add(file.path, `differs from the other copy of capture ${record.id} in ${seen.bases[0]}.json`);
    else seen.bases.push(base);
  }
  for (const [record, files] of beside)
    if (!listed.has(record)) for (const file of files) f.add(file.path, 'has no capture record beside it');
  if (writeOnce) checkControlIndexes(manifest, captures, parsed, f);
  else for (const c of captures.values()) checkFolders(c, manifest, f);
  return new Map([...captures].map(([id, { record, bases }]) => [id, { record, bases }]));
}

export async function readRecord(
  path: string,
  bytes: Uint8Array,
  f: Findings,
): Promise<CaptureMetadata | undefined> {
  const read = readCanonicalJson(bytes);
  if (!read.ok) return void f.add(path, read.error);
  const parsed = captureMetadataSchema.safeParse(read.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      f.add(path, `field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return undefined;
  }
  const { metadataSha256, ...unsealed } = read.value as Record<string, unknown>;
  const recomputed = await canonicalSha256(unsealed);
  if (recomputed !== metadataSha256)
    f.add(
      path,
      `metadata was edited: its canonical SHA-256 is ${recomputed}, the record says ${metadataSha256}`,
    );
  return parsed.data;
}

/** The files beside a record are exactly those it describes, with the hashes it gives. */
function checkSiblings(
  base: string,
  record: CaptureMetadata,
  listed: Map<string, ManifestFile>,
  siblings: readonly ManifestFile[],
  f: Findings,
) {
  const v2 = record.schema === 'prooftrail.capture/2' ? record : undefined;
  const expected: [string, { sha256: string; byteLength: number } | undefined, string][] = [
    [`${base}.png`, record.image, 'image'],
    [`${base}.txt`, v2?.pageText, 'page text'],
    [`${base}.mhtml`, v2?.pageSnapshot?.format === 'mhtml' ? v2.pageSnapshot : undefined, 'page snapshot'],
    [`${base}.html`, v2?.pageSnapshot?.format === 'html' ? v2.pageSnapshot : undefined, 'page snapshot'],
  ];
  for (const [path, want, what] of expected) {
    const file = listed.get(path);
    if (!want) {
      if (file) f.add(path, `capture ${record.id} has no ${what}, yet this file sits beside its record`);
      continue;
    }
    if (!file) f.add(path, `the ${what} of capture ${record.id} is missing`);
    else if (file.sha256 !== want.sha256 || file.size !== want.byteLength)
      f.add(path, `${what} SHA-256 is ${file.sha256}, the capture record says ${want.sha256} (changed?)`);
  }
  for (const file of siblings)
    if (file.captureId !== undefined && file.captureId !== record.id)
      f.add(
        file.path,
        `is listed as a file of capture ${file.captureId}, but sits beside capture ${record.id}`,
      );
}

/** A capture is in the folder of each control the scope selects of it, and nowhere else. */
function checkFolders(c: VerifiedCapture, manifest: BundleManifest, f: Findings) {
  const subject = { ...c.record, capturerEmail: c.record.capturer.email, captureId: c.record.id };
  const want = new Set(controlsInScope(subject, manifest.scope).map(controlFolder));
  // A request's copies (requests/…, format 7) are checked as copies, not as control folders.
  const bases = c.bases.filter((b) => !isRequestCopy(b));
  if (!want.size && bases.length < c.bases.length)
    f.add(
      `${c.bases.find(isRequestCopy)}.json`,
      `holds capture ${c.record.id}, which the scope does not select`,
    );
  const have = new Set(bases.map((b) => b.slice(0, b.lastIndexOf('/'))));
  for (const folder of want)
    if (!have.has(folder))
      f.add(`${folder}/`, `capture ${c.record.id} is tagged to this control but is missing from its folder`);
  for (const folder of have)
    if (!want.has(folder))
      f.add(`${folder}/`, `holds capture ${c.record.id}, which the scope does not select for this control`);
}

function isRequestCopy(base: string) {
  return base.startsWith(`${REQUESTS_DIR}/`);
}

function isCaptureFile(file: ManifestFile) {
  return ['image', 'page-text', 'page-snapshot', 'thumbnail'].includes(file.role);
}

/** deletions.json: canonical, a list of deletion records that match their schema exactly. */
export function readDeletions(bytes: Uint8Array | undefined, f: Findings): DeletionRecord[] {
  if (!bytes) return [];
  const read = readCanonicalJson(bytes);
  if (!read.ok) {
    f.add('deletions.json', read.error);
    return [];
  }
  if (!Array.isArray(read.value)) {
    f.add('deletions.json', 'expected a list of deletion records');
    return [];
  }
  const out: DeletionRecord[] = [];
  for (const [i, entry] of read.value.entries()) {
    const r = deletionRecordSchema.safeParse(entry);
    if (r.success) out.push(r.data);
    else
      f.add(
        'deletions.json',
        `record [${i}] field ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`,
      );
  }
  return out;
}
