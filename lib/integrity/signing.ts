import { fromBase64Url, toBase64Url } from './base64url';
import { canonicalJson } from './canonical';

const ALGO = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The public half of the device key, as published in bundles and settings. */
export interface PublicKeyInfo {
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  /** RFC 7638 JWK thumbprint (SHA-256, base64url). */
  fingerprint: string;
}

/** Makes a P-256 key pair whose private half can never be exported. */
export function generateDeviceKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGO, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** The public JWK (only the members RFC 7638 hashes) and its thumbprint. */
export async function describePublicKey(publicKey: CryptoKey): Promise<PublicKeyInfo> {
  const full = await crypto.subtle.exportKey('jwk', publicKey);
  const jwk = { kty: 'EC' as const, crv: 'P-256' as const, x: full.x!, y: full.y! };
  return { jwk, fingerprint: await thumbprint(jwk) };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
export async function thumbprint(jwk: PublicKeyInfo['jwk']): Promise<string> {
  const text = canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** Signs bytes; the signature is r||s (IEEE P1363), base64url. */
export async function signBytes(privateKey: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, bytes)));
}

/** True when `signature` is a valid signature of `bytes` by the key `jwk`. */
export async function verifySignature(
  jwk: PublicKeyInfo['jwk'],
  bytes: Uint8Array<ArrayBuffer>,
  signature: string,
): Promise<boolean> {
  return (await signatureVerifier(jwk))(bytes, signature);
}

/**
 * A checker of signatures by one key, which is imported once (a ledger of thousands of entries is
 * checked with one import). A key that cannot be imported verifies nothing.
 */
export async function signatureVerifier(
  jwk: PublicKeyInfo['jwk'],
): Promise<(bytes: Uint8Array<ArrayBuffer>, signature: string) => Promise<boolean>> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', { ...jwk, ext: true }, ALGO, false, ['verify']);
  } catch {
    return async () => false;
  }
  return async (bytes, signature) => {
    try {
      return await crypto.subtle.verify(SIGN, key, fromBase64Url(signature), bytes);
    } catch {
      return false;
    }
  };
}
