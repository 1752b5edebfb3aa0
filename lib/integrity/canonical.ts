import canonicalizeJson from 'canonicalize';
import { sha256Hex } from './sha256';

/** RFC 8785 (JCS) canonical JSON text of a value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeJson(value);
  if (text === undefined) throw new Error('value cannot be canonicalized as JSON');
  return text;
}

/** SHA-256 over the UTF-8 bytes of the RFC 8785 canonical form. */
export async function canonicalSha256(value: unknown): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)));
}
