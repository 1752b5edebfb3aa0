import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, getCrypto } from 'pkijs';
import { sameBytes } from '../integrity/bytes';
import { toHex } from '../integrity/sha256';
import { buildPath, type Cert, nameText, parseCerts, subjectOf, tsaCertificateProblem } from './cert-path';
import {
  children,
  DerError,
  expect,
  generalizedTime,
  isContext,
  isUniversal,
  octets,
  oid,
  raw,
  readDer,
  smallInt,
  TAG,
  type Tlv,
  value,
} from './der';
import { SHA256_OID } from './request';

/** What a timestamp token says, read from a TimeStampResp. */
export interface TimeStampInfo {
  /** The TSA's time for the stamp, ISO-8601 UTC. */
  genTime: string;
  /** The digest stamped (hex) and its algorithm OID. */
  imprint: string;
  imprintAlgorithm: string;
  serial: string;
  /** The nonce the token echoes (hex, no leading zero bytes), when it carries one. */
  nonce?: string;
  /** The TSA's name, from its signing certificate (or the first certificate carried). */
  tsaName: string;
  /** Certificates carried in the token (DER, as carried). */
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

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  subjectKeyIdentifier: '2.5.29.14',
};

function fail(message: string): never {
  throw new Error(message);
}

/** Big-endian integer bytes as hex without leading zero bytes ("00" for zero). */
function integerHex(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return toHex(bytes.subarray(i)) || '00';
}

interface SignerInfoParts {
  sid: { issuer: Uint8Array; serial: Uint8Array } | { keyId: Uint8Array };
  digestAlgorithm: string;
  /** The signed attributes as signed (DER with the SET tag), and each attribute's values. */
  signedAttrs?: { der: Uint8Array; attrs: { type: string; values: Tlv[] }[] };
  signatureAlgorithm: Uint8Array;
  signature: Uint8Array;
}

interface ParsedToken {
  info: TimeStampInfo;
  tstVersion: number;
  genTime: Date;
  eContent: Uint8Array;
  signers: SignerInfoParts[];
}

function readSignerInfo(t: Tlv): SignerInfoParts {
  const [version, sidTlv, digestAlg, ...rest] = children(expect(t, TAG.sequence, 'a SignerInfo'));
  expect(version, TAG.integer, 'the SignerInfo version');
  let sid: SignerInfoParts['sid'];
  if (sidTlv && isUniversal(sidTlv, TAG.sequence)) {
    const [issuer, serial] = children(sidTlv);
    sid = {
      issuer: raw(expect(issuer, TAG.sequence, 'the signer issuer')),
      serial: value(expect(serial, TAG.integer, 'the signer serial')),
    };
  } else if (sidTlv && isContext(sidTlv, 0) && !sidTlv.constructed) sid = { keyId: value(sidTlv) };
  else throw new DerError('the signer identifier is malformed');
  const [digestOid] = children(expect(digestAlg, TAG.sequence, 'the digest algorithm'));
  let signedAttrs: SignerInfoParts['signedAttrs'];
  if (isContext(rest[0], 0)) {
    const attrsTlv = rest.shift()!;
    const der = raw(attrsTlv).slice();
    der[0] = 0x31; // signed as a SET OF (RFC 5652 §5.4)
    signedAttrs = {
      der,
      attrs: children(attrsTlv).map((a) => {
        const [type, values] = children(expect(a, TAG.sequence, 'an attribute'));
        return {
          type: oid(expect(type, TAG.oid, 'an attribute type')),
          values: children(expect(values, TAG.set, 'attribute values')),
        };
      }),
    };
  }
  const [sigAlg, signature] = rest;
  return {
    sid,
    digestAlgorithm: oid(expect(digestOid, TAG.oid, 'the digest algorithm')),
    signedAttrs,
    signatureAlgorithm: raw(expect(sigAlg, TAG.sequence, 'the signature algorithm')),
    signature: value(expect(signature, TAG.octetString, 'the signature')),
  };
}

function parseTstInfo(bytes: Uint8Array) {
  const [version, policy, imprint, serial, genTime, ...rest] = children(
    expect(readDer(bytes), TAG.sequence, 'the TSTInfo'),
  );
  expect(policy, TAG.oid, 'the TSA policy');
  const [alg, hashed] = children(expect(imprint, TAG.sequence, 'the message imprint'));
  const [algOid] = children(expect(alg, TAG.sequence, 'the imprint algorithm'));
  let nonce: string | undefined;
  for (const t of rest) if (isUniversal(t, TAG.integer)) nonce = integerHex(value(t));
  return {
    version: smallInt(expect(version, TAG.integer, 'the TSTInfo version')),
    imprintAlgorithm: oid(expect(algOid, TAG.oid, 'the imprint algorithm')),
    imprint: toHex(value(expect(hashed, TAG.octetString, 'the imprint'))),
    serial: toHex(value(expect(serial, TAG.integer, 'the serial number'))),
    genTime: generalizedTime(expect(genTime, TAG.generalizedTime, 'the time (genTime)')),
    nonce,
  };
}

/** Issuer (Name DER) and serial (INTEGER value) of a certificate, read from its DER. */
function issuerAndSerial(der: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const [tbs] = children(readDer(der));
  const fields = children(expect(tbs, TAG.sequence, 'a certificate'));
  if (isContext(fields[0], 0)) fields.shift();
  const [serial, , issuer] = fields;
  return {
    issuer: raw(expect(issuer, TAG.sequence, 'a certificate issuer')),
    serial: value(expect(serial, TAG.integer, 'a certificate serial')),
  };
}

function parse(input: Uint8Array): ParsedToken {
  let root: Tlv;
  try {
    root = readDer(input);
  } catch (e) {
    return fail(`the timestamp reply is not DER (${(e as Error).message})`);
  }
  try {
    const [statusInfo, token] = children(expect(root, TAG.sequence, 'the TimeStampResp'));
    const [statusTlv, strings] = children(expect(statusInfo, TAG.sequence, 'the status'));
    const status = smallInt(expect(statusTlv, TAG.integer, 'the status'));
    if (status !== 0 && status !== 1) {
      const text =
        strings && isUniversal(strings, TAG.sequence)
          ? children(strings)
              .map((s) => new TextDecoder().decode(value(s)))
              .join(' ')
          : '';
      fail(`the TSA refused the request (${STATUS[status] ?? status}${text ? `: ${text}` : ''})`);
    }
    if (!token) fail('the timestamp reply carries no token');
    const [contentType, content] = children(expect(token, TAG.sequence, 'the token'));
    if (
      oid(expect(contentType, TAG.oid, 'the token content type')) !== OID.signedData ||
      !content ||
      !isContext(content, 0)
    )
      fail('the timestamp token is not CMS SignedData');
    const [signedData] = children(content);
    const fields = children(expect(signedData, TAG.sequence, 'the SignedData'));
    const [version, digestAlgs, encap] = fields.splice(0, 3);
    expect(version, TAG.integer, 'the SignedData version');
    expect(digestAlgs, TAG.set, 'the digest algorithms');
    const [eType, eContentWrap] = children(expect(encap, TAG.sequence, 'the encapsulated content'));
    const eContentType = oid(expect(eType, TAG.oid, 'the content type'));
    if (eContentType !== OID.tstInfo) fail(`the timestamp token signs ${eContentType}, not a TSTInfo`);
    if (!eContentWrap || !isContext(eContentWrap, 0)) fail('the timestamp token carries no TSTInfo');
    const eContent = octets(expect(children(eContentWrap)[0], TAG.octetString, 'the TSTInfo'));
    const certificates = isContext(fields[0], 0) ? children(fields.shift()!).map((c) => raw(c).slice()) : [];
    if (isContext(fields[0], 1)) fields.shift(); // revocation information, unused
    const signerSet = expect(fields.shift(), TAG.set, 'the signer infos');
    if (fields.length) fail('the SignedData has unexpected fields');
    const signers = children(signerSet).map(readSignerInfo);
    let tst: ReturnType<typeof parseTstInfo>;
    try {
      tst = parseTstInfo(eContent);
    } catch (e) {
      return fail(`the timestamp token holds a malformed TSTInfo (${(e as Error).message})`);
    }
    const certs = parseCerts(certificates, 'certificate');
    const signer = signers[0] ? findSignerSync(signers[0], certs) : undefined;
    const named = signer ?? certs[0];
    return {
      tstVersion: tst.version,
      genTime: tst.genTime,
      eContent,
      signers,
      info: {
        genTime: tst.genTime.toISOString(),
        imprint: tst.imprint,
        imprintAlgorithm: tst.imprintAlgorithm,
        serial: tst.serial,
        nonce: tst.nonce,
        tsaName: named ? nameText(named.cert.subject) : 'unknown TSA',
        certificates,
      },
    };
  } catch (e) {
    if (e instanceof DerError) fail(`the timestamp reply is malformed: ${e.message}`);
    throw e;
  }
}

/** Parses a DER TimeStampResp; throws a clear message when it is not a granted, well-formed stamp. */
export function readTimeStampResponse(der: ArrayBuffer | Uint8Array): TimeStampInfo {
  return parse(der instanceof Uint8Array ? der : new Uint8Array(der)).info;
}

/** The signer's certificate by issuer and serial, or by its subjectKeyIdentifier extension. */
function findSignerSync(si: SignerInfoParts, certs: readonly Cert[]): Cert | undefined {
  const sid = si.sid;
  if ('issuer' in sid)
    return certs.find((c) => {
      const is = issuerAndSerial(c.der);
      return sameBytes(is.issuer, sid.issuer) && sameBytes(is.serial, sid.serial);
    });
  const keyId = toHex(sid.keyId);
  return certs.find((c) => {
    const ski = c.cert.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier)?.parsedValue;
    return ski instanceof asn1js.OctetString && toHex(ski.valueBlock.valueHexView) === keyId;
  });
}

/** The signer among `certs`: issuer and serial, its SKI extension, or SHA-1 of its public key. */
async function findSigner(si: SignerInfoParts, certs: readonly Cert[]): Promise<Cert | undefined> {
  const found = findSignerSync(si, certs);
  if (found || 'issuer' in si.sid) return found;
  const keyId = toHex(si.sid.keyId);
  for (const c of certs) {
    const spki = c.cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
    if (toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', spki.slice()))) === keyId) return c;
  }
  return undefined;
}

function digestName(algorithmOid: string): string | undefined {
  const algorithm = getCrypto(true).getAlgorithmByOID(algorithmOid);
  return 'name' in algorithm ? (algorithm.name as string) : undefined;
}

async function digest(name: string, data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest(name, data.slice())));
}

/** Checks the CMS signature: content-type and message-digest attributes, then the signature itself. */
async function checkCmsSignature(
  token: ParsedToken,
  si: SignerInfoParts,
  signer: Cert,
): Promise<string | undefined> {
  const attrs = si.signedAttrs?.attrs;
  if (!attrs?.length) return 'the token has no signed attributes (RFC 3161 requires them)';
  const contentType = attrs.filter((a) => a.type === OID.contentType);
  const digestAttr = attrs.filter((a) => a.type === OID.messageDigest);
  if (
    contentType.length !== 1 ||
    digestAttr.length !== 1 ||
    contentType[0]!.values.length !== 1 ||
    digestAttr[0]!.values.length !== 1
  )
    return 'the token must have exactly one content-type and one message-digest attribute';
  const ct = contentType[0]!.values[0]!;
  if (!isUniversal(ct, TAG.oid) || oid(ct) !== OID.tstInfo)
    return 'the token’s content-type attribute is not TSTInfo';
  const hash = digestName(si.digestAlgorithm);
  if (!hash) return `the token uses an unsupported digest (${si.digestAlgorithm})`;
  const md = digestAttr[0]!.values[0]!;
  if (!isUniversal(md, TAG.octetString) || toHex(value(md)) !== (await digest(hash, token.eContent)))
    return 'the token’s message digest does not match its TSTInfo';
  let valid = false;
  try {
    const algorithm = AlgorithmIdentifier.fromBER(si.signatureAlgorithm.slice());
    valid = await getCrypto(true).verifyWithPublicKey(
      si.signedAttrs!.der.slice(),
      new asn1js.OctetString({ valueHex: si.signature.slice() }),
      signer.cert.subjectPublicKeyInfo,
      algorithm,
      algorithm.algorithmId === OID.rsaEncryption ? hash : undefined,
    );
  } catch (e) {
    return `the token’s signature cannot be checked (${(e as Error)?.message ?? e})`;
  }
  return valid ? undefined : `the token’s signature does not verify with the key of "${subjectOf(signer)}"`;
}

interface EssCertId {
  hashAlgorithm: string;
  hash: string;
  serial?: string;
}

/** The ESSCertID(v2) lists of the signing-certificate attributes (RFC 2634, RFC 5035). */
function essCertIds(si: SignerInfoParts): { v1?: EssCertId[]; v2?: EssCertId[] } {
  const read = (type: string, v2: boolean): EssCertId[] | undefined => {
    const attr = si.signedAttrs?.attrs.find((a) => a.type === type);
    if (!attr) return undefined;
    if (attr.values.length !== 1) throw new DerError('the signing-certificate attribute must have one value');
    const [ids] = children(expect(attr.values[0], TAG.sequence, 'the signing-certificate attribute'));
    return children(expect(ids, TAG.sequence, 'the certificate ids')).map((id) => {
      const parts = children(expect(id, TAG.sequence, 'a certificate id'));
      let hashAlgorithm = v2 ? OID.sha256 : OID.sha1;
      if (v2 && isUniversal(parts[0], TAG.sequence))
        hashAlgorithm = oid(expect(children(parts.shift()!)[0], TAG.oid, 'a hash algorithm'));
      const hash = toHex(value(expect(parts.shift(), TAG.octetString, 'a certificate hash')));
      const issuerSerial = parts.shift();
      const serial =
        issuerSerial && isUniversal(issuerSerial, TAG.sequence) ? children(issuerSerial)[1] : undefined;
      return {
        hashAlgorithm,
        hash,
        serial: serial && isUniversal(serial, TAG.integer) ? integerHex(value(serial)) : undefined,
      };
    });
  };
  return { v1: read(OID.signingCertificate, false), v2: read(OID.signingCertificateV2, true) };
}

/**
 * The signing-certificate check of `openssl ts -verify`: the attribute is required, its first
 * ESSCertID identifies the signer, and every other one a certificate of the chain.
 */
async function checkEss(
  si: SignerInfoParts,
  chain: readonly Cert[],
  complete: boolean,
): Promise<string | undefined> {
  let lists: ReturnType<typeof essCertIds>;
  try {
    lists = essCertIds(si);
  } catch (e) {
    return `the token’s signing-certificate attribute is malformed (${(e as Error).message})`;
  }
  if (!lists.v1 && !lists.v2)
    return 'the token has no signing-certificate attribute naming the TSA certificate (RFC 3161 §2.4.1)';
  const matches = async (id: EssCertId, c: Cert) => {
    const name = digestName(id.hashAlgorithm);
    if (!name || (await digest(name, c.der)) !== id.hash) return false;
    return !id.serial || id.serial === integerHex(issuerAndSerial(c.der).serial);
  };
  for (const list of [lists.v1, lists.v2]) {
    if (!list) continue;
    if (!list.length) return 'the token’s signing-certificate attribute is empty';
    if (!(await matches(list[0]!, chain[0]!)))
      return 'the token’s signing-certificate attribute names another certificate than its signer';
    for (const id of list.slice(1)) {
      let found = false;
      for (const c of chain) if (await matches(id, c)) found = true;
      if (!found && complete)
        return 'the token’s signing-certificate attribute names a certificate outside the chain';
    }
  }
  return undefined;
}

export interface VerifyTimeStampOptions {
  /** Root (or other) certificates trusted as TSA trust anchors, DER. */
  trustedRoots: readonly Uint8Array[];
  /** The nonce sent in the request (big-endian bytes): the token must echo it. */
  nonce?: Uint8Array;
  /** More certificates that may complete the chain (e.g. a bundle's tsa-chain.pem); never trusted. */
  untrusted?: readonly Uint8Array[];
}

/** What a token check concluded. */
export type TimeStampVerdict =
  /** Valid in every respect, chaining to a trusted root. */
  | { ok: true; rootTrusted: true; info: TimeStampInfo; chain: string[] }
  /**
   * Valid against the certificates it carries (signature, profile, validity, imprint, nonce) but
   * reaching no trusted root: "unknown TSA root". `reason` says where the chain stopped.
   */
  | { ok: true; rootTrusted: false; info: TimeStampInfo; chain: string[]; reason: string }
  | { ok: false; error: string };

/**
 * Checks a timestamp reply as strictly as `openssl ts -verify -data`: a granted TimeStampResp,
 * consistently encoded, whose token is SignedData over a version-1 TSTInfo with exactly one signer;
 * the imprint is SHA-256 of `data`; the nonce is the one sent (when given); the CMS signature and
 * its attributes verify; the signing-certificate attribute names the signer; the signer
 * certificate has the critical extendedKeyUsage id-kp-timeStamping (RFC 3161 §2.3); and the chain
 * from it to a trusted root is valid, every certificate valid at the token's time (genTime). A
 * chain valid as far as it goes but reaching no trusted root (public TSAs send no root) gives
 * `rootTrusted: false`.
 */
export async function verifyTimeStamp(
  der: ArrayBuffer | Uint8Array,
  data: Uint8Array,
  options: VerifyTimeStampOptions,
): Promise<TimeStampVerdict> {
  let token: ParsedToken;
  try {
    token = parse(der instanceof Uint8Array ? der : new Uint8Array(der));
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const { info } = token;
  try {
    if (token.tstVersion !== 1)
      return { ok: false, error: `the TSTInfo has version ${token.tstVersion}, not 1` };
    if (info.imprintAlgorithm !== SHA256_OID)
      return { ok: false, error: `the token stamps a ${info.imprintAlgorithm} digest, not SHA-256` };
    const expected = await digest('SHA-256', data);
    if (expected !== info.imprint)
      return {
        ok: false,
        error: `the token stamps ${info.imprint.slice(0, 12)}…, not this data (${expected.slice(0, 12)}…)`,
      };
    if (options.nonce) {
      if (!info.nonce) return { ok: false, error: 'the token carries no nonce, but one was sent' };
      if (info.nonce !== integerHex(options.nonce))
        return { ok: false, error: 'the token’s nonce is not the one sent: it answers another request' };
    }
    if (token.signers.length !== 1)
      return { ok: false, error: `the token has ${token.signers.length} signers, not exactly one` };
    const si = token.signers[0]!;
    const carried = parseCerts(info.certificates, 'certificate');
    const extra = parseCerts(options.untrusted ?? [], 'untrusted certificate');
    const signer = await findSigner(si, [...carried, ...extra]);
    if (!signer) return { ok: false, error: 'the token does not carry the certificate of its signer' };
    const signature = await checkCmsSignature(token, si, signer);
    if (signature) return { ok: false, error: signature };
    const profile = tsaCertificateProblem(signer, token.genTime);
    if (profile) return { ok: false, error: profile };
    let anchors: Cert[];
    try {
      anchors = parseCerts(options.trustedRoots, 'trusted root');
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
    const outcome = await buildPath(signer, [...carried, ...extra], anchors, token.genTime);
    if (outcome.kind === 'invalid') return { ok: false, error: outcome.error };
    const ess = await checkEss(si, outcome.path, outcome.kind === 'trusted');
    if (ess) return { ok: false, error: ess };
    const chain = outcome.path.map(subjectOf);
    const named = { ...info, tsaName: subjectOf(signer) };
    return outcome.kind === 'trusted'
      ? { ok: true, rootTrusted: true, info: named, chain }
      : { ok: true, rootTrusted: false, info: named, chain, reason: outcome.reason };
  } catch (e) {
    const message = (e as { message?: string })?.message ?? String(e);
    return { ok: false, error: `the token cannot be checked (${message})` };
  }
}
