import { decodeEntryName, entryNameProblem } from './entry-name';
import { extraFieldProblem } from './extra-fields';
import type { EndRecord } from './find-end-record';
import type { RandomAccessSource } from './random-access-source';
import { refuse, refuseZip } from './refuse';
import { CENTRAL_HEADER_SIZE, SIG, u16, u32 } from './zip-bytes';

/** One entry as the central directory describes it; every field already checked. */
export interface CentralEntry {
  name: string;
  nameBytes: Uint8Array;
  isDirectory: boolean;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  /** Declared uncompressed size. */
  size: number;
  localHeaderOffset: number;
  /** Length of the extra field here; the local header usually repeats it. */
  extraLength: number;
}

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
/** Deflate codes at most 258 bytes in 2 bits, so no stream inflates to more than 1032 times its size. */
export const MAX_DEFLATE_RATIO = 1032;
/** Flag bit 3: CRC and sizes follow the data in a data descriptor. */
export const FLAG_DATA_DESCRIPTOR = 0x8;
/** Flag bits 0 (encrypted), 6 (strong encryption) and 13 (encrypted central directory). */
export const FLAGS_ENCRYPTED = 0x1 | 0x40 | 0x2000;
/** Largest central directory read: 65,535 entries with names of about 500 bytes. */
export const MAX_CENTRAL_DIRECTORY = 32 << 20;

/** Host systems whose external attributes carry a Unix file mode: Unix and OS X. */
const UNIX_HOSTS = new Set([3, 19]);

/**
 * Reads every central directory record and refuses any entry that is unsafe or unreadable: bad
 * names, encryption, methods other than stored and deflate, ZIP64, links and special files, and
 * sizes no honest entry has.
 */
export async function readCentralDirectory(
  source: RandomAccessSource,
  end: EndRecord,
): Promise<CentralEntry[]> {
  if (end.directorySize > MAX_CENTRAL_DIRECTORY)
    throw refuseZip(
      `has a central directory of ${end.directorySize} bytes, more than the ${MAX_CENTRAL_DIRECTORY} a bundle can need`,
    );
  const cd = await source.read(end.directoryOffset, end.directorySize);
  const entries: CentralEntry[] = [];
  let at = 0;
  while (entries.length < end.entryCount) {
    if (at + CENTRAL_HEADER_SIZE > cd.byteLength || u32(cd, at) !== SIG.centralHeader)
      throw refuseZip(
        `is damaged: central directory record ${entries.length + 1} of ${end.entryCount} is missing or broken`,
      );
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const recordEnd = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + u16(cd, at + 32);
    if (recordEnd > cd.byteLength)
      throw refuseZip(`is damaged: central directory record ${entries.length + 1} runs past the directory`);
    const nameStart = at + CENTRAL_HEADER_SIZE;
    const nameBytes = cd.subarray(nameStart, nameStart + nameLength);
    const entry: CentralEntry = {
      name: '',
      nameBytes,
      isDirectory: false,
      flags: u16(cd, at + 8),
      method: u16(cd, at + 10),
      crc32: u32(cd, at + 16),
      compressedSize: u32(cd, at + 20),
      size: u32(cd, at + 24),
      localHeaderOffset: u32(cd, at + 42),
      extraLength,
    };
    const decoded = decodeEntryName(nameBytes, entry.flags);
    entry.name = decoded.name;
    entry.isDirectory = decoded.name.endsWith('/');
    const problem =
      decoded.problem ??
      entryNameProblem(decoded.name) ??
      recordProblem(entry, {
        madeBy: u16(cd, at + 4),
        disk: u16(cd, at + 34),
        externalAttributes: u32(cd, at + 38),
        extra: cd.subarray(nameStart + nameLength, nameStart + nameLength + extraLength),
      });
    if (problem) throw refuse(decoded.name, problem);
    entries.push(entry);
    at = recordEnd;
  }
  if (at !== cd.byteLength)
    throw refuseZip(
      `is damaged: ${cd.byteLength - at} bytes follow the ${end.entryCount} records its end record announces`,
    );
  return entries;
}

/** Why one central directory record is refused (its name already passed), or undefined. */
function recordProblem(
  e: CentralEntry,
  more: { madeBy: number; disk: number; externalAttributes: number; extra: Uint8Array },
): string | undefined {
  if (e.flags & FLAGS_ENCRYPTED || e.method === 99) return 'it is encrypted, which is not supported';
  if (e.method !== METHOD_STORED && e.method !== METHOD_DEFLATE)
    return `it uses compression method ${e.method}; only 0 (stored) and 8 (deflate) are supported`;
  if (
    e.compressedSize === 0xffffffff ||
    e.size === 0xffffffff ||
    e.localHeaderOffset === 0xffffffff ||
    more.disk === 0xffff
  )
    return 'it uses ZIP64, which is not supported (a bundle is written without it)';
  if (more.disk !== 0) return 'it lies on another disk of a split archive, which is not supported';
  const extra = extraFieldProblem(more.extra);
  if (extra) return extra;
  if (UNIX_HOSTS.has(more.madeBy >> 8)) {
    const type = (more.externalAttributes >>> 16) & 0xf000;
    if (type === 0xa000) return 'it is a symbolic link, which a bundle never holds';
    if (type !== 0 && type !== 0x8000 && type !== 0x4000)
      return 'it is a special file (device, pipe or socket), which a bundle never holds';
  }
  if (e.isDirectory && e.size !== 0) return `it is a folder entry but holds ${e.size} bytes`;
  if (e.method === METHOD_STORED && e.compressedSize !== e.size)
    return `it is stored (not compressed) but its sizes differ: ${e.compressedSize} bytes stored, ${e.size} declared`;
  if (e.method === METHOD_DEFLATE && e.size > e.compressedSize * MAX_DEFLATE_RATIO)
    return `it declares ${e.size} bytes from ${e.compressedSize} compressed bytes, more than deflate can produce (at most ${MAX_DEFLATE_RATIO}:1)`;
  return undefined;
}
