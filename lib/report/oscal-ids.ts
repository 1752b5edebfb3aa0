// Identifiers for the OSCAL export: name-based (version 5) UUIDs and control-id tokens. Synchronous
// and free of node:crypto, so the export runs in extension pages as well as in Node.

import type { SelectionScope } from '../formats/scope-types';

/** RFC 4122's URL namespace, the parent of ProofTrail's namespace. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
/** The namespace URL of ProofTrail's OSCAL props; also names its UUID namespace. */
export const PROOFTRAIL_OSCAL_NS = 'https://prooftrail.dev/ns/oscal';
/** `uuidV5(URL_NAMESPACE, PROOFTRAIL_OSCAL_NS)`, written out so nothing is hashed at load (a test checks it). */
export const PROOFTRAIL_UUID_NAMESPACE = 'fa830257-c00f-5fdf-985e-e1df32b54a43';

/** SHA-1 (FIPS 180-4) of bytes. Used only to derive identifiers, never for integrity. */
export function sha1(message: Uint8Array): Uint8Array {
  const bitLength = message.length * 8;
  const padded = new Uint8Array((((message.length + 8) >> 6) + 1) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + t * 4);
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const [f, k] =
        t < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : t < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : t < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const next = (rotl(a, 5) + f + e + k + w[t]!) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) outView.setUint32(i * 4, h[i]!);
  return out;
}

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

/** RFC 4122 version 5 UUID: SHA-1 of the namespace's 16 bytes then the name's UTF-8. */
export function uuidV5(namespace: string, name: string): string {
  const ns = hexBytes(namespace.replace(/-/g, ''));
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const b = sha1(input).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID for one object of the export, from the parts that identify it. */
export function exportUuid(...parts: string[]): string {
  // Length-prefixed so that ('a:b', 'c') and ('a', 'b:c') name different objects.
  return uuidV5(PROOFTRAIL_UUID_NAMESPACE, parts.map((p) => `${p.length}:${p}`).join('|'));
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** OSCAL's TokenDatatype (an XML NCName), as the 1.2.2 schema (and 1.0.6 before it) writes it. */
const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

/**
 * The OSCAL control-id for a ProofTrail control ID. IDs that already are tokens (`A.5.18`,
 * `CC6.1`) pass unchanged. Others (`1.2`, `ISO:A.5`) get `_` for each character a token cannot
 * hold, a leading `_` if they start with a digit, and `-` plus 8 hex digits of the ID's SHA-1, so
 * two IDs that differ only in those characters still get different tokens.
 */
export function controlToken(id: string): string {
  if (TOKEN.test(id)) return id;
  let token = id.replace(/[^\p{L}\p{N}._-]/gu, '_');
  if (!/^(\p{L}|_)/u.test(token)) token = `_${token}`;
  const digest = [...sha1(new TextEncoder().encode(id)).slice(0, 4)];
  return `${token}-${digest.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** True when `s` is a valid OSCAL token. */
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/**
 * What one Assessment Results document is about, as text: the key that signed the bundle's ledger
 * (the exporting device; so two libraries never share a document) and the scope as selected, in a
 * canonical form (keys in a fixed order, lists sorted, e-mail addresses in lower case, times as
 * UTC ISO-8601). The same scope exported again from the same device gives the same text, whatever
 * the time of export or the evidence found; any other scope gives other text.
 */
export function documentSubject(
  signer: string | undefined,
  scope: SelectionScope | undefined,
  label: string,
): string {
  if (!scope) return JSON.stringify({ signer: signer ?? '', label });
  const sorted = (list: string[] | undefined, lower = false) =>
    list ? [...new Set(list.map((v) => (lower ? v.toLowerCase() : v)))].sort() : null;
  const time = (iso: string | undefined) => {
    if (iso === undefined) return null;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : new Date(t).toISOString();
  };
  return JSON.stringify({
    signer: signer ?? '',
    controlIds: sorted(scope.controlIds),
    frameworks: sorted(scope.frameworks),
    from: time(scope.from),
    to: time(scope.to),
    capturers: sorted(scope.capturers, true),
    request: scope.request ?? null,
    captureIds: sorted(scope.captureIds),
  });
}
