import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';

/** Fields of a local header that a test may make disagree with the central directory. */
interface LocalOverrides {
  name?: string;
  method?: number;
  flags?: number;
  crc?: number;
  compressedSize?: number;
  size?: number;
  extra?: Uint8Array;
}

/** One entry, written byte for byte as given: nothing is checked, so tests can forge anything. */
export interface RawEntry {
  name: string | Uint8Array;
  /** The bytes after the local header, as stored (already deflated when method is 8). */
  data?: Uint8Array;
  method?: number;
  /** Declared uncompressed size; default: data length. */
  size?: number;
  /** Declared compressed size in the central directory; default: data length. */
  compressedSize?: number;
  crc?: number;
  /** Default: the UTF-8 flag when the name is not ASCII. */
  flags?: number;
  extra?: Uint8Array;
  madeBy?: number;
  externalAttributes?: number;
  disk?: number;
  local?: LocalOverrides;
  /** Write a data descriptor after the data (and set flag bit 3). */
  descriptor?: 'signed' | 'unsigned';
  /** Central directory's local header offset, instead of where the entry was written. */
  offset?: number;
  /** Bytes written before this entry's local header (data hidden from the central directory). */
  before?: Uint8Array;
  /** Written, but left out of the central directory (hidden from tools that read it). */
  unlisted?: boolean;
}

/** What around the entries can be forged. */
export interface ZipOptions {
  comment?: Uint8Array;
  /** Bytes between the central directory and the end record. */
  afterDirectory?: Uint8Array;
  /** Overrides of the end record's fields. */
  end?: Partial<{ count: number; countHere: number; disk: number; size: number; offset: number }>;
}

const enc = new TextEncoder();
const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? enc.encode(s) : s);
const isAscii = (b: Uint8Array) => b.every((c) => c < 0x80);

class Writer {
  private parts: number[] = [];
  get length() {
    return this.parts.length;
  }
  u16(v: number) {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff);
  }
  u32(v: number) {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  raw(b: Uint8Array) {
    for (const x of b) this.parts.push(x);
  }
  bytes() {
    return Uint8Array.from(this.parts);
  }
}

/** Writes a ZIP from raw entries (small ones: the whole file is built in a JS array). */
export function buildZip(entries: RawEntry[], options: ZipOptions = {}): Uint8Array {
  const w = new Writer();
  const central: { e: RawEntry; at: number; name: Uint8Array; flags: number }[] = [];
  for (const e of entries) {
    if (e.before) w.raw(e.before);
    const name = bytes(e.name);
    const data = e.data ?? new Uint8Array(0);
    const flags = (e.flags ?? (isAscii(name) ? 0 : 0x800)) | (e.descriptor ? 8 : 0);
    const at = w.length;
    const l = e.local ?? {};
    const localName = l.name === undefined ? name : bytes(l.name);
    const localExtra = l.extra ?? e.extra ?? new Uint8Array(0);
    w.u32(0x04034b50);
    w.u16(20);
    w.u16(l.flags ?? flags);
    w.u16(l.method ?? e.method ?? 0);
    w.u32(0); // time and date
    w.u32(l.crc ?? (e.descriptor ? 0 : crcOf(e)));
    w.u32(l.compressedSize ?? (e.descriptor ? 0 : (e.compressedSize ?? data.length)));
    w.u32(l.size ?? (e.descriptor ? 0 : (e.size ?? data.length)));
    w.u16(localName.length);
    w.u16(localExtra.length);
    w.raw(localName);
    w.raw(localExtra);
    w.raw(data);
    if (e.descriptor) {
      if (e.descriptor === 'signed') w.u32(0x08074b50);
      w.u32(crcOf(e));
      w.u32(e.compressedSize ?? data.length);
      w.u32(e.size ?? data.length);
    }
    if (!e.unlisted) central.push({ e, at, name, flags });
  }
  const directoryOffset = w.length;
  for (const { e, at, name, flags } of central) {
    const extra = e.extra ?? new Uint8Array(0);
    const data = e.data ?? new Uint8Array(0);
    w.u32(0x02014b50);
    w.u16(e.madeBy ?? 20);
    w.u16(20);
    w.u16(flags);
    w.u16(e.method ?? 0);
    w.u32(0);
    w.u32(crcOf(e));
    w.u32(e.compressedSize ?? data.length);
    w.u32(e.size ?? data.length);
    w.u16(name.length);
    w.u16(extra.length);
    w.u16(0); // comment
    w.u16(e.disk ?? 0);
    w.u16(0); // internal attributes
    w.u32(e.externalAttributes ?? 0);
    w.u32(e.offset ?? at);
    w.raw(name);
    w.raw(extra);
  }
  const directorySize = w.length - directoryOffset;
  if (options.afterDirectory) w.raw(options.afterDirectory);
  const comment = options.comment ?? new Uint8Array(0);
  const end = options.end ?? {};
  w.u32(0x06054b50);
  w.u16(end.disk ?? 0);
  w.u16(end.disk ?? 0);
  w.u16(end.countHere ?? end.count ?? central.length);
  w.u16(end.count ?? central.length);
  w.u32(end.size ?? directorySize);
  w.u32(end.offset ?? directoryOffset);
  w.u16(comment.length);
  w.raw(comment);
  return w.bytes();
}

function crcOf(e: RawEntry): number {
  if (e.crc !== undefined) return e.crc;
  return e.method === 8 ? 0x1234abcd : crc32(e.data ?? new Uint8Array(0));
}

/** A stored entry holding `text`. */
export function stored(
  name: string | Uint8Array,
  text = `contents of ${String(name)}`,
  more: Partial<RawEntry> = {},
): RawEntry {
  return { name, data: enc.encode(text), ...more };
}

/** A deflated entry holding `content`. */
export function deflated(name: string, content: Uint8Array | string, more: Partial<RawEntry> = {}): RawEntry {
  const raw = bytes(content);
  return { name, method: 8, data: deflateSync(raw), size: raw.length, crc: crc32(raw), ...more };
}

/** An extra field record. */
export function extraField(id: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  out[0] = id & 0xff;
  out[1] = id >> 8;
  out[2] = data.length & 0xff;
  out[3] = data.length >> 8;
  out.set(data, 4);
  return out;
}
