import { concatBytes } from '../integrity/bytes';
/**
 * A small, strict DER/BER reader for the parts of a timestamp reply this code needs. Fast (no
 * schema matching) and exact: every length must fit its parent exactly, so bytes that an ASN.1
 * library would read leniently (a shortened length, trailing bytes) are refused.
 */

export class DerError extends Error {}

/** One tag-length-value inside `bytes`. */
export interface Tlv {
  bytes: Uint8Array;
  /** Class (0 universal, 1 application, 2 context, 3 private), constructed flag, tag number. */
  cls: number;
  constructed: boolean;
  tag: number;
  /** Offsets in `bytes`: where the TLV starts, where its value starts and ends, where the TLV ends. */
  start: number;
  valueStart: number;
  valueEnd: number;
  end: number;
}

const MAX_DEPTH = 40;

/** Reads the TLV at `pos`, which must end by `limit`; constructed values are checked recursively. */
export function readTlv(bytes: Uint8Array, pos = 0, limit = bytes.length, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new DerError('nested too deeply');
  let p = pos;
  const id = bytes[p++];
  if (id === undefined || p > limit) throw new DerError('truncated');
  const cls = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      const b = bytes[p++];
      if (b === undefined || p > limit || tag > 0xffffff) throw new DerError('bad tag');
      tag = tag * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
  }
  const first = bytes[p++];
  if (first === undefined || p > limit) throw new DerError('truncated');
  if (first === 0x80) {
    // BER indefinite length: constructed only, children up to an end-of-contents marker.
    if (!constructed) throw new DerError('indefinite length on a primitive value');
    const valueStart = p;
    for (;;) {
      if (bytes[p] === 0 && bytes[p + 1] === 0 && p + 2 <= limit)
        return { bytes, cls, constructed, tag, start: pos, valueStart, valueEnd: p, end: p + 2 };
      p = readTlv(bytes, p, limit, depth + 1).end;
    }
  }
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('length too long');
    len = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes[p++];
      if (b === undefined) throw new DerError('truncated');
      len = len * 256 + b;
    }
  }
  const valueStart = p;
  const end = valueStart + len;
  if (end > limit) throw new DerError('a length runs past its container');
  const tlv: Tlv = { bytes, cls, constructed, tag, start: pos, valueStart, valueEnd: end, end };
  if (constructed) children(tlv, depth);
  return tlv;
}

/** The values inside a constructed TLV, which must fill it exactly. */
export function children(t: Tlv, depth = 0): Tlv[] {
  if (!t.constructed) throw new DerError('expected a constructed value');
  const out: Tlv[] = [];
  let p = t.valueStart;
  while (p < t.valueEnd) {
    const c = readTlv(t.bytes, p, t.valueEnd, depth + 1);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** Reads a whole buffer that must hold exactly one TLV. */
export function readDer(bytes: Uint8Array): Tlv {
  const t = readTlv(bytes, 0, bytes.length);
  if (t.end !== bytes.length) throw new DerError('bytes follow the value');
  return t;
}

/** Universal tags. */
export const TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  generalizedTime: 24,
};

/** Whether `t` is the universal `tag`. */
export function isUniversal(t: Tlv | undefined, tag: number): boolean {
  return !!t && t.cls === 0 && t.tag === tag;
}

/** Whether `t` is context-specific `[n]`. */
export function isContext(t: Tlv | undefined, n: number): boolean {
  return !!t && t.cls === 2 && t.tag === n;
}

/** `t` as universal `tag`, or a DerError naming `what`. */
export function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || !isUniversal(t, tag)) throw new DerError(`${what} is missing or of the wrong type`);
  return t;
}

/** The bytes of the value. */
export function value(t: Tlv): Uint8Array {
  return t.bytes.subarray(t.valueStart, t.valueEnd);
}

/** The bytes of the whole TLV. */
export function raw(t: Tlv): Uint8Array {
  return t.bytes.subarray(t.start, t.end);
}

/** The octets of an OCTET STRING, primitive or (BER) constructed. */
export function octets(t: Tlv): Uint8Array {
  if (!t.constructed) return value(t);
  return concatBytes(...children(t).map(octets));
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oid(t: Tlv): string {
  const v = value(t);
  if (!v.length) throw new DerError('empty object identifier');
  const arcs: number[] = [];
  let n = 0;
  for (const b of v) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(n);
      n = 0;
    }
  }
  if (v[v.length - 1]! & 0x80) throw new DerError('truncated object identifier');
  const first = arcs.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}

/** A small non-negative INTEGER as a number. */
export function smallInt(t: Tlv): number {
  const v = value(t);
  if (!v.length || v.length > 4 || v[0]! & 0x80) throw new DerError('expected a small integer');
  return v.reduce((n, b) => n * 256 + b, 0);
}

/** A GeneralizedTime (YYYYMMDDHHMMSS[.f…]Z, as RFC 3161 requires) as a Date. */
export function generalizedTime(t: Tlv): Date {
  const text = new TextDecoder().decode(value(t));
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!m) throw new DerError(`the time "${text}" is not a UTC GeneralizedTime`);
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== +m[3]!)
    throw new DerError(`the time "${text}" is not a date`);
  return d;
}
