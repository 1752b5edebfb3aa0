import { getImage } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import { peekDeviceKey } from '../../lib/db/keys-repo';
import { listLedger } from '../../lib/db/ledger-repo';
import { foreignLedger, foreignTokens } from '../../lib/db/signers-repo';
import { timestampsOf } from '../../lib/db/timestamps-repo';
import { settingsTsaRoots } from '../../lib/db/tsa-settings-repo';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { trustedRootsWith } from '../../lib/tsa/default-roots';
import { type StoredCaptureCheck, verifyStoredCapture } from '../../lib/verify/verify-stored-capture';

/** Runs the shared verification primitives over one capture as stored in this browser. */
export async function checkCapture(capture: CaptureMetadata): Promise<StoredCaptureCheck> {
  const db = getDb();
  const origin = await db.origins.get(capture.id);
  if (origin) return checkImported(capture, origin.key);
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
    trustedRootsWith(await settingsTsaRoots(db)),
  );
}

/** An imported capture is checked against its teammate's ledger, key and replies. */
async function checkImported(capture: CaptureMetadata, key: string): Promise<StoredCaptureCheck> {
  const db = getDb();
  const [image, ledger, signer, tokens] = await Promise.all([
    getImage(db, capture.id),
    foreignLedger(db, key),
    db.signers.get(key),
    foreignTokens(db, key),
  ]);
  const seq = ledger.find((r) => r.entry.type === 'capture' && r.entry.subject === capture.id)?.entry.seq;
  return verifyStoredCapture(
    capture,
    image,
    ledger,
    signer?.publicJwk,
    tokens.filter((t) => t.seq === seq).map((t) => ({ tsaUrl: t.tsaName ?? 'TSA', token: t.token })),
    `the key ${key} of the teammate's ledger it was imported with`,
    trustedRootsWith(await settingsTsaRoots(db)),
  );
}
