/** DER certificates as one PEM text. */
export function toPem(ders: readonly Uint8Array[]): string {
  return ders
    .map((der) => {
      let bin = '';
      for (const b of der) bin += String.fromCharCode(b);
      const b64 = btoa(bin)
        .replace(/(.{64})/g, '$1\n')
        .trimEnd();
      return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
    })
    .join('');
}

/** Every certificate in a PEM text, as DER; throws when there is none. */
export function fromPem(text: string): Uint8Array[] {
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!blocks.length) throw new Error('no PEM certificate found');
  return blocks.map((m) => Uint8Array.from(atob(m[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
}

/** One DER tag-length-value at `pos`: its tag, where its value starts and ends; undefined if malformed. */
function tlv(b: Uint8Array, pos: number): { tag: number; start: number; end: number } | undefined {
  const tag = b[pos];
  const first = b[pos + 1];
  if (tag === undefined || first === undefined) return undefined;
  let len = first;
  let start = pos + 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n < 1 || n > 4) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[start + i] ?? Number.NaN);
    start += n;
  }
  const end = start + len;
  return Number.isFinite(end) && end <= b.length ? { tag, start, end } : undefined;
}

/**
 * Whether DER bytes have the shape of an X.509 certificate: SEQUENCE { tbsCertificate SEQUENCE,
 * signatureAlgorithm SEQUENCE, signature BIT STRING }, lengths consistent. A light check for forms
 * (no ASN.1 library); the certificate itself is checked when a token is verified.
 */
export function looksLikeCertificate(der: Uint8Array): boolean {
  const outer = tlv(der, 0);
  if (outer?.tag !== 0x30 || outer.end !== der.length) return false;
  const tbs = tlv(der, outer.start);
  const alg = tbs && tlv(der, tbs.end);
  const sig = alg && tlv(der, alg.end);
  const first = tbs && tlv(der, tbs.start);
  return (
    !!sig &&
    tbs.tag === 0x30 &&
    alg.tag === 0x30 &&
    sig.tag === 0x03 &&
    sig.end === outer.end &&
    !!first &&
    (first.tag === 0xa0 || first.tag === 0x02)
  );
}

/**
 * Every certificate of a PEM text (text between blocks is ignored), each checked; throws a message
 * for a person: none found, not base64, or not a certificate (naming which one).
 */
export function certificatesFromPem(text: string): Uint8Array[] {
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!blocks.length)
    throw new Error(
      'No certificate found: paste PEM text with blocks from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
    );
  return blocks.map((m, i) => {
    const b64 = m[1]!.replace(/\s+/g, '');
    let der: Uint8Array;
    try {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error();
      der = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    } catch {
      throw new Error(`Certificate ${i + 1} of ${blocks.length} is not valid base64.`);
    }
    if (!looksLikeCertificate(der))
      throw new Error(`Certificate ${i + 1} of ${blocks.length} is not an X.509 certificate.`);
    return der;
  });
}
