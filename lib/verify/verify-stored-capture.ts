import type { CaptureMetadata } from '../formats/capture-metadata';
import type { LedgerRecord } from '../formats/ledger-entry';
import { canonicalSha256 } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { type PublicKeyInfo, verifySignature } from '../integrity/signing';
import { entryBytes, entryHash } from '../ledger/entry-bytes';
import { verifyTimeStamp } from '../tsa/response';

/** The outcome of checking one stored capture, as lines for a person. */
export interface StoredCaptureCheck {
  ok: boolean;
  lines: string[];
}

/**
 * Checks one capture as kept in this browser with the same primitives as the bundle verifier: its
 * hashes, its ledger entry (hash, link, signature) and its timestamp tokens.
 */
export async function verifyStoredCapture(
  capture: CaptureMetadata,
  image: Blob | undefined,
  ledger: readonly LedgerRecord[],
  publicKey: PublicKeyInfo['jwk'] | undefined,
  tokens: readonly { tsaUrl: string; token: Uint8Array }[],
  signer = "this device's key",
  /** TSA roots trusted: the default set plus those added in Settings. */
  trustedRoots: readonly Uint8Array[] = [],
): Promise<StoredCaptureCheck> {
  const lines: string[] = [];
  let ok = true;
  const fail = (line: string) => {
    ok = false;
    lines.push(`FAIL ${line}`);
  };
  const { metadataSha256, ...unsealed } = capture;
  if ((await canonicalSha256(unsealed)) !== metadataSha256)
    fail('the record no longer matches its metadata hash');
  else lines.push('OK record matches its metadata hash');
  if (!image) fail('the image is missing');
  else if ((await sha256Hex(image)) !== capture.image.sha256) fail('the image no longer matches its hash');
  else lines.push('OK image matches its hash');
  const index = ledger.findIndex((r) => r.entry.type === 'capture' && r.entry.subject === capture.id);
  const record = ledger[index];
  if (!record) return { ok: false, lines: [...lines, 'FAIL no ledger entry records this capture'] };
  if (
    record.entry.artifacts.metadata !== metadataSha256 ||
    record.entry.artifacts.image !== capture.image.sha256
  )
    fail(`ledger entry #${record.entry.seq} records other hashes`);
  if ((await entryHash(record.entry)) !== record.hash) fail(`ledger entry #${record.entry.seq} was edited`);
  const prev = ledger[index - 1];
  if (prev && record.entry.prev !== prev.hash)
    fail(`ledger entry #${record.entry.seq} does not follow #${prev.entry.seq}`);
  if (!publicKey || !(await verifySignature(publicKey, entryBytes(record.entry), record.signature)))
    fail(`the signature of ledger entry #${record.entry.seq} does not verify`);
  else lines.push(`OK ledger entry #${record.entry.seq} is intact and signed by ${signer}`);
  for (const t of tokens) {
    const r = await verifyTimeStamp(t.token, entryBytes(record.entry), { trustedRoots });
    if (!r.ok) fail(`timestamp from ${t.tsaUrl}: ${r.error}`);
    else if (r.rootTrusted)
      lines.push(`OK timestamp from ${r.info.tsaName} at ${r.info.genTime} stamps this entry`);
    else
      lines.push(
        `WARN timestamp from ${r.info.tsaName} at ${r.info.genTime} stamps this entry, but it is not verified: unknown TSA root (add the TSA's root in Settings)`,
      );
  }
  return { ok, lines };
}
