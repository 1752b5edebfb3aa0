import { type CentralEntry, FLAG_DATA_DESCRIPTOR, FLAGS_ENCRYPTED } from './central-directory';
import { FLAG_UTF8 } from './entry-name';
import { extraFieldProblem } from './extra-fields';
import type { RandomAccessSource } from './random-access-source';
import { entryLabel, refuse, refuseZip } from './refuse';
import { WindowReader } from './window-reader';
import { LOCAL_HEADER_SIZE, SIG, sameBytes, u16, u32 } from './zip-bytes';

/** An entry whose local header agrees with the central directory, and where its data is. */
export interface ZipEntry extends CentralEntry {
  /** Offset of the first byte of (compressed) data. */
  dataOffset: number;
  /** Offset just past the entry: its data and any data descriptor. */
  end: number;
}

/** Flags whose meaning must be the same in both headers: descriptor, UTF-8 name, encryption. */
const FLAGS_THAT_MATTER = FLAG_DATA_DESCRIPTOR | FLAG_UTF8 | FLAGS_ENCRYPTED;

/**
 * Reads each entry's local header (only at the offset the central directory gives; local headers
 * are never scanned for) and refuses any disagreement with the central directory. Then refuses
 * entries that overlap (how non-recursive ZIP bombs reuse one stream many times) and bytes that
 * belong to no entry (where data hidden from the central directory would sit, visible to tools
 * that read local headers in sequence): the entries must tile the file up to the directory.
 */
export async function locateEntries(
  source: RandomAccessSource,
  entries: readonly CentralEntry[],
  directoryOffset: number,
): Promise<ZipEntry[]> {
  // In offset order, so that the headers of neighbouring small entries come from one read.
  const reader = new WindowReader(source);
  const byOffset: ZipEntry[] = [];
  const located = new Map<CentralEntry, ZipEntry>();
  for (const entry of [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
    const e = await locate(reader, entry, directoryOffset);
    byOffset.push(e);
    located.set(entry, e);
  }
  let expected = 0;
  let previous: ZipEntry | undefined;
  for (const e of byOffset) {
    if (previous && e.localHeaderOffset < expected)
      throw refuse(
        e.name,
        `its bytes (from offset ${e.localHeaderOffset}) overlap ${entryLabel(previous.name)} (which ends at ${expected}): overlapping entries are a ZIP bomb trick`,
      );
    if (e.localHeaderOffset > expected)
      throw refuse(
        e.name,
        `the ${e.localHeaderOffset - expected} bytes before it (from offset ${expected}) belong to no entry: data hidden from the central directory`,
      );
    expected = e.end;
    previous = e;
  }
  if (expected !== directoryOffset)
    throw refuseZip(
      `has ${directoryOffset - expected} bytes after its last entry (from offset ${expected}) that belong to no entry`,
    );
  return entries.map((e) => located.get(e)!);
}

/** Checks one entry's local header against its central directory record and finds its data. */
async function locate(source: WindowReader, e: CentralEntry, limit: number): Promise<ZipEntry> {
  const at = e.localHeaderOffset;
  if (at + LOCAL_HEADER_SIZE > limit)
    throw refuse(
      e.name,
      `its local header (offset ${at}) lies outside the entries, which end at offset ${limit}`,
    );
  // One read usually covers the header: local headers repeat the central name and extra field.
  let head = await source.read(
    at,
    Math.min(LOCAL_HEADER_SIZE + e.nameBytes.byteLength + e.extraLength, limit - at),
  );
  if (u32(head, 0) !== SIG.localHeader)
    throw refuse(e.name, `its local header (offset ${at}) is missing or damaged`);
  const flags = u16(head, 6);
  const method = u16(head, 8);
  const crc32 = u32(head, 14);
  const compressedSize = u32(head, 18);
  const size = u32(head, 22);
  const nameLength = u16(head, 26);
  const headerLength = LOCAL_HEADER_SIZE + nameLength + u16(head, 28);
  if (at + headerLength > limit)
    throw refuse(
      e.name,
      `its local header (offset ${at}) runs past the entries, which end at offset ${limit}`,
    );
  if (head.byteLength < headerLength) head = await source.read(at, headerLength);
  const localName = head.subarray(LOCAL_HEADER_SIZE, LOCAL_HEADER_SIZE + nameLength);
  if (!sameBytes(localName, e.nameBytes))
    throw refuse(
      e.name,
      `its local header names it ${entryLabel(new TextDecoder().decode(localName))}: the central directory and the local header disagree`,
    );
  if (method !== e.method)
    throw refuse(
      e.name,
      `its local header says compression method ${method}, the central directory ${e.method}`,
    );
  if ((flags ^ e.flags) & FLAGS_THAT_MATTER)
    throw refuse(
      e.name,
      `its local header flags (0x${flags.toString(16)}) disagree with the central directory's (0x${e.flags.toString(16)})`,
    );
  // With a data descriptor, the local header may leave CRC and sizes as zero; if given, they must agree.
  const descriptor = (flags & FLAG_DATA_DESCRIPTOR) !== 0;
  const agrees = (local: number, central: number) => local === central || (descriptor && local === 0);
  if (!agrees(compressedSize, e.compressedSize) || !agrees(size, e.size) || !agrees(crc32, e.crc32))
    throw refuse(
      e.name,
      `its local header declares ${compressedSize} compressed / ${size} bytes (CRC ${crc32.toString(16)}), the central directory ${e.compressedSize} / ${e.size} (CRC ${e.crc32.toString(16)})`,
    );
  const extra = extraFieldProblem(head.subarray(LOCAL_HEADER_SIZE + nameLength, headerLength));
  if (extra) throw refuse(e.name, `${extra} (local header)`);
  const dataOffset = at + headerLength;
  const dataEnd = dataOffset + e.compressedSize;
  if (dataEnd > limit)
    throw refuse(
      e.name,
      `its data (${e.compressedSize} bytes from offset ${dataOffset}) runs past the entries, which end at offset ${limit}`,
    );
  const end = descriptor ? dataEnd + (await descriptorLength(source, e, dataEnd, limit)) : dataEnd;
  return { ...e, dataOffset, end };
}

/**
 * Length of the data descriptor after an entry's data (16 bytes with its optional signature, 12
 * without); it must repeat the central directory's CRC and sizes.
 */
async function descriptorLength(
  source: WindowReader,
  e: CentralEntry,
  at: number,
  limit: number,
): Promise<number> {
  const d = await source.read(at, Math.min(16, limit - at));
  const matches = (from: number) =>
    d.byteLength >= from + 12 &&
    u32(d, from) === e.crc32 &&
    u32(d, from + 4) === e.compressedSize &&
    u32(d, from + 8) === e.size;
  if (d.byteLength >= 4 && u32(d, 0) === SIG.dataDescriptor && matches(4)) return 16;
  if (matches(0)) return 12;
  throw refuse(
    e.name,
    `its data descriptor (offset ${at}) is missing or disagrees with the central directory`,
  );
}
