import { controlFolder } from '../bundle/paths';
import { controlsInScope } from '../bundle/scope';
import { CONTROL_INDEX_NAME } from '../formats/bundle-paths';
import { parseControlIndex } from '../formats/control-index';
import type { BundleManifest } from '../formats/manifest';
import type { VerifiedCapture } from './verified-bundle';
import type { Findings } from './verify-options';

/**
 * Step 5, write-once layout (format 8): each control folder's `captures.csv` lists exactly the
 * captures the scope selects for that control, each row naming the single copy of the capture's
 * record and image with the hashes the manifest and the record give; no index names a capture the
 * bundle does not hold, nor one whose signed record does not carry the control.
 */
export function checkControlIndexes(
  manifest: BundleManifest,
  captures: ReadonlyMap<string, VerifiedCapture>,
  parsed: ReadonlyMap<string, Uint8Array>,
  f: Findings,
): void {
  const listed = new Map(manifest.files.map((x) => [x.path, x]));
  const byRecordPath = new Map<string, VerifiedCapture>();
  for (const c of captures.values()) for (const b of c.bases) byRecordPath.set(`${b}.json`, c);
  /** Per control folder, the captures its index lists. */
  const indexed = new Map<string, Set<string>>();
  for (const file of manifest.files) {
    if (file.role !== 'control-index') continue;
    const folder = file.path.slice(0, -(CONTROL_INDEX_NAME.length + 1));
    const seen = new Set<string>();
    indexed.set(folder, seen);
    const bytes = parsed.get(file.path);
    if (!bytes) continue;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      f.add(file.path, 'is not UTF-8 text');
      continue;
    }
    const read = parseControlIndex(text);
    if (!read.ok) {
      for (const p of read.problems) f.add(file.path, p);
      continue;
    }
    for (const [i, row] of read.rows.entries()) {
      const at = `${file.path}`;
      const rowName = `row ${i + 2}`;
      const capture = byRecordPath.get(row.record);
      if (!capture) {
        f.add(
          at,
          `${rowName} names capture ${row.captureId} at ${row.record}, which is not a capture record in this bundle`,
        );
        continue;
      }
      const { record } = capture;
      if (record.id !== row.captureId)
        f.add(at, `${rowName} names capture ${row.captureId}, but ${row.record} holds capture ${record.id}`);
      if (seen.has(record.id)) f.add(at, `${rowName} lists capture ${record.id} a second time`);
      seen.add(record.id);
      const base = row.record.replace(/\.json$/, '');
      if (row.capturedAt !== record.capturedAt)
        f.add(
          at,
          `${rowName} gives ${row.capturedAt} as the capture time, the record says ${record.capturedAt}`,
        );
      if (row.recordSha256 !== listed.get(row.record)?.sha256)
        f.add(
          at,
          `${rowName} gives the record's SHA-256 as ${row.recordSha256}, the manifest says ${listed.get(row.record)?.sha256}`,
        );
      if (row.image !== `${base}.png`)
        f.add(at, `${rowName} names the image ${row.image}, but the image of ${row.record} is ${base}.png`);
      if (row.imageSha256 !== record.image.sha256)
        f.add(
          at,
          `${rowName} gives the image's SHA-256 as ${row.imageSha256}, the record says ${record.image.sha256}`,
        );
      const want = controlsInScope(subjectOf(capture), manifest.scope);
      if (!want.some((id) => controlFolder(id) === folder))
        f.add(
          at,
          `${rowName} lists capture ${record.id} under ${folder}/, but its signed record does not file it there (its controls in scope: ${want.join(', ') || 'none'})`,
        );
    }
  }
  for (const c of captures.values())
    for (const id of controlsInScope(subjectOf(c), manifest.scope)) {
      const folder = controlFolder(id);
      const seen = indexed.get(folder);
      if (!seen)
        f.add(
          `${folder}/${CONTROL_INDEX_NAME}`,
          `is missing: capture ${c.record.id} is tagged to control ${id}, whose folder must index it`,
        );
      else if (!seen.has(c.record.id))
        f.add(
          `${folder}/${CONTROL_INDEX_NAME}`,
          `does not list capture ${c.record.id}, which is tagged to control ${id} (removed from the index?)`,
        );
    }
}

const subjectOf = (c: VerifiedCapture) => ({
  ...c.record,
  capturerEmail: c.record.capturer.email,
  captureId: c.record.id,
});
