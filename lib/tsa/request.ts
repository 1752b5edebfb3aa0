import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, MessageImprint, TimeStampReq } from 'pkijs';

/** OID of SHA-256. */
export const SHA256_OID = '2.16.840.1.101.3.4.2.1';

/**
 * A fresh 64-bit nonce as the bytes of a positive DER INTEGER (top bit clear, first byte not zero),
 * so the TSA echoes exactly these bytes and a reply to another request is recognised.
 */
export function newNonce(): Uint8Array {
  const nonce = crypto.getRandomValues(new Uint8Array(8));
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  return nonce;
}

/**
 * An RFC 3161 TimeStampReq (DER) over a SHA-256 digest: only the hash is sent, never the data.
 * Asks the TSA to include its certificate so the token can be checked offline. Pass the nonce to
 * `verifyTimeStamp` to check the reply answers this request.
 */
export function buildTimeStampRequest(sha256: Uint8Array, nonce: Uint8Array = newNonce()): ArrayBuffer {
  if (sha256.byteLength !== 32) throw new Error('a SHA-256 digest is 32 bytes');
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256.slice().buffer }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce.slice().buffer }),
    certReq: true,
  });
  return request.toSchema().toBER(false);
}
