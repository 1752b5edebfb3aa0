import { asSelection, inScope } from '../bundle/scope';
import { LEDGER_PATH } from '../formats/bundle-paths';
import {
  type CaptureMetadata,
  type CaptureMetadataV2,
  captureMetadataSchema,
} from '../formats/capture-metadata';
import { type DeletionRecord, deletionRecordSchema } from '../formats/deletion-record';
import type { BundleManifest } from '../formats/manifest';
import { BUNDLE_FORMAT, MANIFEST_PATH, manifestSchema, READABLE_BUNDLE_VERSIONS } from '../formats/manifest';
import { canonicalSha256 } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { recordPathOf, roleOfPath, signerFolderOf } from './file-roles';
import type { ZipContents } from './read-zip';
import type { VerifyProblem, VerifyReport } from './report';
import { type CheckedLedger, entrySubject, verifyBindings, verifyChain } from './verify-ledger';
import { type TimestampCheckOptions, verifyTimestamps } from './verify-timestamps';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a bundle's contents against its manifest: every listed file present with its size and
 * SHA-256, no unlisted file, each capture's metadata hash and image hash consistent. Pure: runs in
 * Node, extension pages and the bundle's own viewer alike.
 */
export async function verifyBundle(
  zip: ZipContents,
  options: TimestampCheckOptions = {},
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const warnings: VerifyProblem[] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const summary: VerifyReport['summary'] = { files: 0, captures: 0 };
  for (const d of new Set(zip.duplicates)) add(d, 'appears more than once in the ZIP');

  const manifestBytes = zip.files.get(MANIFEST_PATH);
  if (!manifestBytes) {
    add(MANIFEST_PATH, 'missing: this is not a ProofTrail bundle, or its manifest was removed');
    return { ok: false, problems, warnings, summary };
  }
  const raw = parseJson(manifestBytes);
  if (!raw.ok) {
    add(MANIFEST_PATH, `not valid JSON (${raw.error})`);
    return { ok: false, problems, warnings, summary };
  }
  const head = raw.value as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== BUNDLE_FORMAT)
    add(MANIFEST_PATH, `format is ${JSON.stringify(head?.format)}, expected "${BUNDLE_FORMAT}"`);
  else if (!READABLE_BUNDLE_VERSIONS.includes(head.formatVersion as number))
    add(
      MANIFEST_PATH,
      `format version ${JSON.stringify(head.formatVersion)} is not one this verifier reads (${READABLE_BUNDLE_VERSIONS.join(', ')})`,
    );
  if (problems.length) return { ok: false, problems, warnings, summary };
  const parsed = manifestSchema.safeParse(raw.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      add(MANIFEST_PATH, `field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { ok: false, problems, warnings, summary };
  }
  const manifest = parsed.data;
  Object.assign(summary, {
    formatVersion: manifest.formatVersion,
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy
      ? `${manifest.exportedBy.name} <${manifest.exportedBy.email}>`
      : undefined,
    files: manifest.files.length,
  });

  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.path)) add(file.path, 'listed twice in the manifest');
    listed.add(file.path);
    const bytes = zip.files.get(file.path);
    if (!bytes) {
      add(file.path, 'listed in the manifest but missing from the bundle (removed?)');
      continue;
    }
    if (bytes.byteLength !== file.size)
      add(file.path, `size is ${bytes.byteLength} bytes, the manifest says ${file.size} (changed?)`);
    const actual = await sha256Hex(bytes as BufferSource);
    if (actual !== file.sha256)
      add(file.path, `SHA-256 is ${actual}, the manifest says ${file.sha256} (changed?)`);
  }
  for (const path of zip.files.keys()) {
    if (path !== MANIFEST_PATH && !listed.has(path))
      add(path, 'not listed in the manifest (added after export?)');
  }

  const captures = new Map<string, CaptureMetadata>();
  let deletions: DeletionRecord[] = [];
  for (const file of manifest.files) {
    const bytes = zip.files.get(file.path);
    if (!bytes) continue;
    const role = roleOfPath(file.path);
    if (!role) add(file.path, 'is not a file a ProofTrail bundle contains');
    else if (role !== file.role) add(file.path, `is listed as ${file.role} but is a ${role} file`);
    if (role === 'metadata') await checkMetadata(file.path, bytes, zip, add, captures);
    if (role === 'deletions') deletions = checkDeletions(file.path, bytes, add);
    if (role === 'image' || role === 'page-text' || role === 'page-snapshot' || role === 'thumbnail') {
      const recordPath = recordPathOf(file.path);
      if (!zip.files.has(recordPath)) add(file.path, 'has no capture record beside it');
    }
  }
  if (manifest.formatVersion >= 3) {
    const ledgers = await checkLedgers(zip, manifest, captures.size > 0 || deletions.length > 0, add);
    verifyBindings(ledgers, captures, deletions, add);
    let selfChecked = false;
    summary.signers = [];
    for (const ledger of ledgers) {
      const t = await verifyTimestamps(zip, ledger, options, add, warn);
      selfChecked ||= t.selfChecked;
      summary.signers.push({
        fingerprint: ledger.fingerprint,
        entries: ledger.records.length,
        stamped: t.stamped,
      });
    }
    const root = ledgers.find((l) => l.folder === '');
    summary.ledgerEntries = root?.records.length ?? 0;
    summary.keyFingerprint = root?.fingerprint;
    summary.stampedEntries = summary.signers.find((x) => x.fingerprint === root?.fingerprint)?.stamped ?? 0;
    if (selfChecked)
      warn(
        'ledger',
        'timestamp tokens were checked against the certificates they carry, not a root you trust: pass --tsa-ca ROOT.pem',
      );
  }
  summary.captures = captures.size;
  if (captures.size !== manifest.captureCount)
    add(
      MANIFEST_PATH,
      `captureCount is ${manifest.captureCount} but the bundle holds metadata for ${captures.size} captures`,
    );
  return { ok: problems.length === 0, problems, warnings, summary };
}

type Add = (path: string, message: string) => void;

async function checkMetadata(
  path: string,
  bytes: Uint8Array,
  zip: ZipContents,
  add: Add,
  ids: Map<string, CaptureMetadata>,
) {
  const raw = parseJson(bytes);
  if (!raw.ok) return add(path, `not valid JSON (${raw.error})`);
  const parsed = captureMetadataSchema.safeParse(raw.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      add(path, `field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return;
  }
  const { metadataSha256, ...unsealed } = parsed.data;
  if (!ids.has(parsed.data.id)) ids.set(parsed.data.id, parsed.data);
  const recomputed = await canonicalSha256(unsealed);
  if (recomputed !== metadataSha256)
    add(
      path,
      `metadata was edited: its canonical SHA-256 is ${recomputed}, the record says ${metadataSha256}`,
    );
  const imagePath = path.replace(/\.json$/, '.png');
  const image = zip.files.get(imagePath);
  if (!image) return add(imagePath, `the image of capture ${parsed.data.id} is missing`);
  const imageHash = await sha256Hex(image as BufferSource);
  if (imageHash !== parsed.data.image.sha256)
    add(
      imagePath,
      `image SHA-256 is ${imageHash}, the capture record says ${parsed.data.image.sha256} (image changed?)`,
    );
  if (parsed.data.schema === 'prooftrail.capture/2') await checkPageContext(path, parsed.data, zip, add);
}

/** The page text and snapshot beside a v2 capture must be there and match the record's hashes. */
async function checkPageContext(path: string, record: CaptureMetadataV2, zip: ZipContents, add: Add) {
  const base = path.replace(/\.json$/, '');
  const expected: [string, { sha256: string } | undefined, string][] = [
    [`${base}.txt`, record.pageText, 'page text'],
    [`${base}.${record.pageSnapshot?.format ?? 'mhtml'}`, record.pageSnapshot, 'page snapshot'],
  ];
  for (const [file, want, what] of expected) {
    if (!want) continue;
    const bytes = zip.files.get(file);
    if (!bytes) {
      add(file, `the ${what} of capture ${record.id} is missing`);
      continue;
    }
    const hash = await sha256Hex(bytes as BufferSource);
    if (hash !== want.sha256)
      add(file, `${what} SHA-256 is ${hash}, the capture record says ${want.sha256} (changed?)`);
  }
}

function checkDeletions(path: string, bytes: Uint8Array, add: Add): DeletionRecord[] {
  const raw = parseJson(bytes);
  if (!raw.ok) {
    add(path, `not valid JSON (${raw.error})`);
    return [];
  }
  if (!Array.isArray(raw.value)) {
    add(path, 'expected a list of deletion records');
    return [];
  }
  const records: DeletionRecord[] = [];
  raw.value.forEach((entry, i) => {
    const r = deletionRecordSchema.safeParse(entry);
    if (!r.success)
      add(path, `record [${i}] field ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
    else records.push(r.data);
  });
  return records;
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(bytes)) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Reads every signed ledger: format 3 has one at the root; format 4 lists its ledgers in
 * `signers` (the exporter's at the root, teammates' under signers/), and a ledger folder the
 * manifest does not list is a problem.
 */
async function checkLedgers(
  zip: ZipContents,
  manifest: BundleManifest,
  hasEvidence: boolean,
  add: Add,
): Promise<CheckedLedger[]> {
  const bundleScope = (entry: Parameters<CheckedLedger['inScope']>[0]) =>
    inScope(entrySubject(entry), manifest.scope);
  if (manifest.formatVersion === 3) {
    if (!zip.files.has(LEDGER_PATH) && !hasEvidence) return [];
    const chain = await verifyChain(zip, '', add);
    return chain ? [{ folder: '', ...chain, inScope: bundleScope }] : [];
  }
  const signers = manifest.signers ?? [];
  const listed = new Set(signers.map((s) => s.folder));
  for (const path of zip.files.keys()) {
    const folder = signerFolderOf(path);
    if (folder && !listed.has(folder)) {
      add(path, `belongs to the ledger in ${folder}, which manifest.json does not list among its signers`);
      listed.add(folder);
    }
  }
  if (!signers.some((s) => s.folder === '') && hasEvidence)
    add(
      MANIFEST_PATH,
      "lists no ledger at the bundle's root: a bundle with evidence carries its exporter's ledger",
    );
  const out: CheckedLedger[] = [];
  const seen = new Set<string>();
  for (const signer of signers) {
    if (seen.has(signer.folder)) add(MANIFEST_PATH, `lists the ledger in "${signer.folder}" twice`);
    seen.add(signer.folder);
    const chain = await verifyChain(zip, signer.folder, add);
    if (!chain) continue;
    if (chain.fingerprint !== signer.fingerprint)
      add(
        `${signer.folder}public-key.json`,
        `holds key ${chain.fingerprint}, manifest.json says ${signer.fingerprint}`,
      );
    if (signer.folder && !signer.folder.startsWith(`signers/${chain.fingerprint.slice(0, 16)}/`))
      add(`${signer.folder}public-key.json`, `key ${chain.fingerprint} is filed under another key's folder`);
    const coverage = signer.coverage;
    out.push({
      folder: signer.folder,
      ...chain,
      inScope: (entry) =>
        bundleScope(entry) &&
        (!coverage ||
          coverage.some((c) => entry.seq <= c.throughSeq && inScope(entrySubject(entry), asSelection(c)))),
    });
  }
  return out;
}
