import { getImage } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import { peekDeviceKey } from '../../lib/db/keys-repo';
import { listLedger } from '../../lib/db/ledger-repo';
import { timestampsOf } from '../../lib/db/timestamps-repo';
import { settingsTsaRoots } from '../../lib/db/tsa-settings-repo';
import type { CaptureOriginRow } from '../../lib/db/types';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { trustedRootsWith } from '../../lib/tsa/default-roots';
import { type StoredCaptureCheck, verifyStoredCapture } from '../../lib/verify/verify-stored-capture';
import { crc32 } from '../../lib/zip/crc32';

/**
 * Runs the shared verification primitives over one capture as stored in this browser, then
 * checks the sums kept with its image for export (lib/db/image-sums.ts) against its bytes.
 */
export async function checkCapture(capture: CaptureMetadata): Promise<StoredCaptureCheck> {
  const start = performance.now();
  try {
    return await checkStored(capture);
  } finally {
    // A User Timing entry, so the bench reads how long the check itself took (nothing else reads it).
    performance.measure(CHECK_MEASURE, { start, detail: capture.id });
  }
}

/** The name of the performance entry each check leaves (node/bench/export-bench.ts reads it). */
export const CHECK_MEASURE = 'prooftrail:check-capture';

/** Only the automation build lets the bench run the check by itself, with the page idle. */
if (import.meta.env?.MODE === 'automation')
  (globalThis as unknown as { __prooftrailCheckCapture?: typeof checkCapture }).__prooftrailCheckCapture =
    checkCapture;

async function checkStored(capture: CaptureMetadata): Promise<StoredCaptureCheck> {
  const db = getDb();
  const origin = await db.origins.get(capture.id);
  const [check, sums, image] = await Promise.all([
    origin ? checkImported(capture, origin) : checkOwn(capture),
    db.imageSums.get(capture.id),
    getImage(db, capture.id),
  ]);
  if (!sums || !image) return check;
  const bytes = new Uint8Array(await image.arrayBuffer());
  return sums.size === bytes.byteLength && sums.sha256 === capture.image.sha256 && sums.crc32 === crc32(bytes)
    ? { ...check, lines: [...check.lines, 'OK the checksums kept to export the image match it'] }
    : {
        ok: false,
        lines: [...check.lines, 'FAIL the checksums kept to export the image no longer match it'],
      };
}

/** The TSA roots to check replies against, worked out only when there are replies to check. */
async function rootsFor(tokens: readonly unknown[]): Promise<Uint8Array[]> {
  return tokens.length ? trustedRootsWith(await settingsTsaRoots(getDb())) : [];
}

/** A capture made on this device is checked against this device's ledger, key and replies. */
async function checkOwn(capture: CaptureMetadata): Promise<StoredCaptureCheck> {
  const db = getDb();
  const [image, ledger, key] = await Promise.all([
    getImage(db, capture.id),
    listLedger(db),
    peekDeviceKey(db),
  ]);
  const seq = ledger.find((r) => r.entry.type === 'capture' && r.entry.subject === capture.id)?.entry.seq;
  const stamps = seq ? (await timestampsOf(db, seq)).filter((t) => t.token) : [];
  return verifyStoredCapture(
    capture,
    image,
    ledger,
    key?.publicJwk,
    stamps.map((t) => ({ tsaUrl: t.tsaUrl, token: t.token! })),
    "this device's key",
    await rootsFor(stamps),
  );
}

/**
 * An imported capture is checked against its teammate's ledger, key and replies: the entry its
 * origin names and the one before it (for the link), not the whole ledger, so the check takes the
 * same time however many captures the teammate's ledger holds.
 */
async function checkImported(
  capture: CaptureMetadata,
  origin: CaptureOriginRow,
): Promise<StoredCaptureCheck> {
  const db = getDb();
  const { key, seq } = origin;
  const [image, entries, signer, tokens] = await Promise.all([
    getImage(db, capture.id),
    db.foreignLedger.bulkGet([
      [key, seq - 1],
      [key, seq],
    ]),
    db.signers.get(key),
    db.foreignTokens
      .where('[key+seq+n]')
      .between([key, seq, 0], [key, seq, Number.MAX_SAFE_INTEGER])
      .toArray(),
  ]);
  const ledger = entries.filter((r) => r !== undefined).map((r) => r.record);
  const stamps = tokens.map((t) => ({ tsaUrl: t.tsaName ?? 'TSA', token: t.token }));
  return verifyStoredCapture(
    capture,
    image,
    ledger,
    signer?.publicJwk,
    stamps,
    `the key ${key} of the teammate's ledger it was imported with`,
    await rootsFor(stamps),
  );
}
