import * as asn1js from 'asn1js';
import { Certificate, SignedData, TimeStampResp, TSTInfo } from 'pkijs';
import { toHex } from '../integrity/sha256';
import { SHA256_OID } from './request';

/** What a timestamp token says, read from a TimeStampResp. */
export interface TimeStampInfo {
  /** The TSA's time for the stamp, ISO-8601 UTC. */
  genTime: string;
  /** The digest stamped (hex) and its algorithm OID. */
  imprint: string;
  imprintAlgorithm: string;
  serial: string;
  /** The TSA's name, from the token or its signing certificate. */
  tsaName: string;
  /** Certificates carried in the token (DER). */
  certificates: Uint8Array[];
}

const STATUS = [
  'granted',
  'grantedWithMods',
  'rejection',
  'waiting',
  'revocationWarning',
  'revocationNotification',
];

function fail(message: string): never {
  throw new Error(message);
}

/** Parses a DER TimeStampResp; throws a clear message when it is not a granted, well-formed stamp. */
export function readTimeStampResponse(der: ArrayBuffer): TimeStampInfo {
  const asn = asn1js.fromBER(der);
  if (asn.offset === -1) fail('the timestamp reply is not DER/BER');
  let resp: TimeStampResp;
  try {
    resp = new TimeStampResp({ schema: asn.result });
  } catch {
    return fail('the timestamp reply is not an RFC 3161 TimeStampResp');
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1)
    fail(
      `the TSA refused the request (${STATUS[status] ?? status}${resp.status.statusStrings?.length ? `: ${resp.status.statusStrings.map((s) => s.valueBlock.value).join(' ')}` : ''})`,
    );
  if (!resp.timeStampToken) fail('the timestamp reply carries no token');
  const signed = new SignedData({ schema: resp.timeStampToken.content });
  const content = signed.encapContentInfo.eContent;
  if (!content) fail('the timestamp token carries no TSTInfo');
  const tst = TSTInfo.fromBER(content.valueBlock.valueHexView.slice());
  const certificates = (signed.certificates ?? [])
    .filter((c): c is Certificate => c instanceof Certificate)
    .map((c) => new Uint8Array(c.toSchema().toBER(false)));
  const signerName = (signed.certificates ?? [])
    .find((c): c is Certificate => c instanceof Certificate)
    ?.subject.typesAndValues.map(
      (t) =>
        `${t.type === '2.5.4.3' ? 'CN' : t.type === '2.5.4.10' ? 'O' : t.type}=${t.value.valueBlock.value}`,
    )
    .join(', ');
  return {
    genTime: tst.genTime.toISOString(),
    imprint: toHex(new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView)),
    imprintAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
    serial: toHex(new Uint8Array(tst.serialNumber.valueBlock.valueHexView)),
    tsaName: signerName ?? 'unknown TSA',
    certificates,
  };
}

/**
 * Checks a timestamp reply against the data it should stamp and the TSA roots trusted: imprint
 * equal to SHA-256 of `data`, signature valid, and the signer chaining to one of `trustedRoots`.
 * (pkijs accepts a wrong CA unless asked to check the chain: see shared/TOOLCHAIN.md.)
 */
export async function verifyTimeStamp(
  der: ArrayBuffer,
  data: Uint8Array,
  trustedRoots: Uint8Array[],
): Promise<{ ok: true; info: TimeStampInfo } | { ok: false; error: string }> {
  let info: TimeStampInfo;
  try {
    info = readTimeStampResponse(der);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (info.imprintAlgorithm !== SHA256_OID)
    return { ok: false, error: `the token stamps a ${info.imprintAlgorithm} digest, not SHA-256` };
  const digest = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource)));
  if (digest !== info.imprint)
    return {
      ok: false,
      error: `the token stamps ${info.imprint.slice(0, 12)}…, not this data (${digest.slice(0, 12)}…)`,
    };
  try {
    const resp = new TimeStampResp({ schema: asn1js.fromBER(der).result });
    const trustedCerts = trustedRoots.map((d) => Certificate.fromBER(d.slice()));
    const params = { signer: 0, trustedCerts, checkChain: true, data: data.slice().buffer };
    const valid = await resp.verify(params as Parameters<TimeStampResp['verify']>[0]);
    return valid
      ? { ok: true, info }
      : { ok: false, error: 'the token signature or its certificate chain does not verify' };
  } catch (e) {
    const message = (e as { message?: string })?.message ?? String(e);
    return { ok: false, error: `the token does not verify against the trusted TSA roots (${message})` };
  }
}
