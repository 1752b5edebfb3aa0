import * as asn1js from 'asn1js';
import { BasicConstraints, Certificate, ExtKeyUsage, type RelativeDistinguishedNames } from 'pkijs';
import { sameBytes } from '../integrity/bytes';

/**
 * X.509 checks for RFC 3161 tokens, written to match `openssl ts -verify` (OpenSSL 3.0): the
 * signer's profile (RFC 3161 §2.3), then a path from the signer to a trusted root in which every
 * signature verifies, every issuer is a CA allowed to sign certificates, and every certificate is
 * valid at the token's time. Revocation is not checked (neither does `openssl ts -verify`).
 */

/** A certificate with its exact DER bytes. */
export interface Cert {
  der: Uint8Array;
  cert: Certificate;
}

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
};

/**
 * Extensions whose criticality this code understands (processed, or harmless to a path check:
 * key identifiers, names, policies, distribution points). Any other critical extension makes the
 * certificate unusable, as in OpenSSL.
 */
const UNDERSTOOD = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.36', // policyConstraints
  '2.5.29.54', // inhibitAnyPolicy
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.46', // freshestCRL
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '1.3.6.1.5.5.7.1.11', // subjectInfoAccess
]);

/** Longest path accepted, signer and root included. */
const MAX_PATH = 8;

/**
 * Certificates already parsed, by their bytes' object and by their content: the trusted roots and
 * a TSA's certificates, the same in every token, are parsed once (bounded; cleared when full).
 */
const byObject = new WeakMap<Uint8Array, Cert>();
const byContent = new Map<string, Cert>();
const CACHE_MAX = 2000;

function contentKey(der: Uint8Array): string {
  let s = '';
  for (let i = 0; i < der.length; i += 8192) s += String.fromCharCode(...der.subarray(i, i + 8192));
  return s;
}

/** Parses DER certificates; throws naming the one that is not a certificate. */
export function parseCerts(ders: readonly Uint8Array[], what: string): Cert[] {
  return ders.map((der, i) => {
    const known = byObject.get(der);
    if (known) return known;
    const key = contentKey(der);
    let c = byContent.get(key);
    if (!c) {
      try {
        c = { der: der.slice(), cert: Certificate.fromBER(der.slice()) };
      } catch {
        throw new Error(`${what} ${i + 1} is not an X.509 certificate`);
      }
      if (byContent.size >= CACHE_MAX) byContent.clear();
      byContent.set(key, c);
    }
    byObject.set(der, c);
    return c;
  });
}

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

/** A distinguished name as "CN=…, O=…". */
export function nameText(name: RelativeDistinguishedNames): string {
  const parts = name.typesAndValues.map(
    (t) => `${SHORT[t.type] ?? t.type}=${String(t.value.valueBlock.value ?? '')}`,
  );
  return parts.length ? parts.join(', ') : '(empty name)';
}

/** The subject of a certificate, for messages. */
export function subjectOf(c: Cert): string {
  return nameText(c.cert.subject);
}

function extension(c: Cert, oid: string) {
  return c.cert.extensions?.find((e) => e.extnID === oid);
}

/** Bit n (0 = digitalSignature) of the keyUsage extension, or undefined when there is none. */
function keyUsageBits(c: Cert): ((n: number) => boolean) | undefined {
  const ext = extension(c, OID.keyUsage);
  if (!ext) return undefined;
  const asn = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView.slice());
  if (asn.offset === -1 || !(asn.result instanceof asn1js.BitString))
    throw new Error(`"${subjectOf(c)}" has a malformed keyUsage extension`);
  const bytes = asn.result.valueBlock.valueHexView;
  return (n) => (((bytes[n >> 3] ?? 0) >> (7 - (n & 7))) & 1) === 1;
}

function basicConstraints(c: Cert): BasicConstraints | undefined {
  const ext = extension(c, OID.basicConstraints);
  if (!ext) return undefined;
  const value = ext.parsedValue;
  if (!(value instanceof BasicConstraints))
    throw new Error(`"${subjectOf(c)}" has a malformed basicConstraints extension`);
  return value;
}

function unknownCritical(c: Cert): string | undefined {
  const ext = c.cert.extensions?.find((e) => e.critical && !UNDERSTOOD.has(e.extnID));
  return ext
    ? `"${subjectOf(c)}" has a critical extension this verifier does not support (${ext.extnID})`
    : undefined;
}

/** Why a certificate is not valid at `at`, or undefined. */
export function validityProblem(c: Cert, at: Date): string | undefined {
  const from = c.cert.notBefore.value;
  const to = c.cert.notAfter.value;
  if (at < from)
    return `the certificate "${subjectOf(c)}" is not valid yet at the token's time ${at.toISOString()} (valid from ${from.toISOString()})`;
  if (at > to)
    return `the certificate "${subjectOf(c)}" had expired at the token's time ${at.toISOString()} (valid until ${to.toISOString()})`;
  return undefined;
}

/**
 * Why a certificate may not sign timestamps (RFC 3161 §2.3, OpenSSL's timestampsign purpose), or
 * undefined: the extendedKeyUsage extension present, critical, and holding id-kp-timeStamping only;
 * keyUsage, when present, digitalSignature and/or nonRepudiation only; valid at `at`.
 */
export function tsaCertificateProblem(c: Cert, at: Date): string | undefined {
  const name = subjectOf(c);
  const eku = extension(c, OID.extKeyUsage);
  if (!eku)
    return `the signer certificate "${name}" has no extendedKeyUsage extension: it is not a timestamping certificate`;
  if (!eku.critical)
    return `the signer certificate "${name}" has an extendedKeyUsage extension that is not critical (RFC 3161 requires it critical)`;
  const purposes = eku.parsedValue instanceof ExtKeyUsage ? eku.parsedValue.keyPurposes : undefined;
  if (!purposes) return `the signer certificate "${name}" has a malformed extendedKeyUsage extension`;
  if (!purposes.includes(OID.timeStamping))
    return `the signer certificate "${name}" does not have the timeStamping purpose (its extendedKeyUsage is ${purposes.join(', ') || 'empty'})`;
  if (purposes.length !== 1)
    return `the signer certificate "${name}" has purposes besides timeStamping (${purposes.join(', ')}); RFC 3161 allows timeStamping only`;
  const ku = keyUsageBits(c);
  if (ku) {
    const other = [2, 3, 4, 5, 6, 7, 8].some(ku);
    if (other || !(ku(0) || ku(1)))
      return `the signer certificate "${name}" has a keyUsage other than digitalSignature/nonRepudiation`;
  }
  return unknownCritical(c) ?? validityProblem(c, at);
}

/** Why `issuer` may not issue the next certificate of `path`, or undefined. */
function issuerProblem(issuer: Cert, path: readonly Cert[], at: Date, anchor: boolean): string | undefined {
  const name = subjectOf(issuer);
  const bc = basicConstraints(issuer);
  // A version-1 trust anchor has no extensions at all; OpenSSL accepts it as a CA when trusted.
  const v1Anchor = anchor && issuer.cert.version === 0 && !issuer.cert.extensions?.length;
  if (!bc?.cA && !v1Anchor) return `the certificate "${name}" issued another certificate but is not a CA`;
  const ku = keyUsageBits(issuer);
  if (ku && !ku(5)) return `the CA certificate "${name}" is not allowed to sign certificates (keyUsage)`;
  if (bc && typeof bc.pathLenConstraint === 'number' && path.length - 1 > bc.pathLenConstraint)
    return `the CA certificate "${name}" allows ${bc.pathLenConstraint} intermediate CA(s) below it, the chain has ${path.length - 1}`;
  return unknownCritical(issuer) ?? validityProblem(issuer, at);
}

/** Signatures already checked: child certificate → issuers whose key verified it. */
const verified = new WeakMap<Cert, WeakSet<Cert>>();

async function signedBy(c: Cert, issuer: Cert): Promise<boolean> {
  if (verified.get(c)?.has(issuer)) return true;
  let ok = false;
  try {
    ok = await c.cert.verify(issuer.cert);
  } catch {
    ok = false;
  }
  if (ok) {
    const set = verified.get(c) ?? new WeakSet<Cert>();
    set.add(issuer);
    verified.set(c, set);
  }
  return ok;
}

function selfIssued(c: Cert): boolean {
  return c.cert.subject.isEqual(c.cert.issuer);
}

/** Where a path from a signer certificate ended. */
export type PathOutcome =
  /** At a trusted root (the last certificate), every link checked. */
  | { kind: 'trusted'; path: Cert[] }
  /** Every link found is valid, but the path ends at a certificate that is not trusted. */
  | { kind: 'untrusted'; path: Cert[]; reason: string }
  | { kind: 'invalid'; error: string };

/**
 * Builds and checks a path from `leaf` through `pool` (certificates the token carries, never
 * trusted themselves) to one of `anchors`, at time `at`. Tries every candidate issuer (cross
 * certificates), preferring a trusted path, then an untrusted but valid one, then reports why none
 * is valid.
 */
export async function buildPath(
  leaf: Cert,
  pool: readonly Cert[],
  anchors: readonly Cert[],
  at: Date,
): Promise<PathOutcome> {
  const extend = async (path: Cert[]): Promise<PathOutcome> => {
    const c = path[path.length - 1]!;
    if (anchors.some((a) => sameBytes(a.der, c.der))) return { kind: 'trusted', path };
    if (path.length >= MAX_PATH) return { kind: 'invalid', error: `the chain is longer than ${MAX_PATH}` };
    let invalid: string | undefined;
    for (const a of anchors) {
      if (!a.cert.subject.isEqual(c.cert.issuer) || !(await signedBy(c, a))) continue;
      const problem = issuerProblem(a, path, at, true);
      if (!problem) return { kind: 'trusted', path: [...path, a] };
      invalid ??= problem;
    }
    if (selfIssued(c)) {
      if (invalid) return { kind: 'invalid', error: invalid };
      if (!(await signedBy(c, c)))
        return {
          kind: 'invalid',
          error: `the self-issued certificate "${subjectOf(c)}" has an invalid signature`,
        };
      return {
        kind: 'untrusted',
        path,
        reason: `its root "${subjectOf(c)}" is not a trusted TSA root`,
      };
    }
    let untrusted: PathOutcome | undefined;
    for (const p of pool) {
      if (path.some((x) => sameBytes(x.der, p.der)) || !p.cert.subject.isEqual(c.cert.issuer)) continue;
      if (!(await signedBy(c, p))) {
        invalid ??= `the signature of "${subjectOf(c)}" does not verify with the key of "${subjectOf(p)}"`;
        continue;
      }
      const problem = issuerProblem(p, path, at, false);
      if (problem) {
        invalid ??= problem;
        continue;
      }
      const r = await extend([...path, p]);
      if (r.kind === 'trusted') return r;
      if (r.kind === 'untrusted') untrusted ??= r;
      else invalid ??= r.error;
    }
    if (untrusted) return untrusted;
    if (invalid) return { kind: 'invalid', error: invalid };
    return {
      kind: 'untrusted',
      path,
      reason: `the token does not carry the root, and "${nameText(c.cert.issuer)}" (issuer of "${subjectOf(c)}") is not a trusted TSA root`,
    };
  };
  return extend([leaf]);
}
