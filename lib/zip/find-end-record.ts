import type { RandomAccessSource } from './random-access-source';
import { refuseZip } from './refuse';
import { END_RECORD_SIZE, SIG, u16, u32, ZIP64_LOCATOR_SIZE } from './zip-bytes';

/** Where the central directory is, from the End Of Central Directory record. */
export interface EndRecord {
  /** Offset of the end record itself; the central directory must end exactly here. */
  offset: number;
  entryCount: number;
  directoryOffset: number;
  directorySize: number;
}

/** The end record is followed by a comment of at most 65,535 bytes, so it lies in this tail. */
const MAX_TAIL = END_RECORD_SIZE + 0xffff;

/**
 * Finds and reads the End Of Central Directory record in the last 64 KiB + 22 bytes. A record is
 * accepted only where its comment length reaches exactly the end of the file; two such places
 * (a forged record hidden in the comment) are refused, since tools would disagree on which one
 * describes the archive.
 */
export async function findEndRecord(source: RandomAccessSource): Promise<EndRecord> {
  if (source.size < END_RECORD_SIZE) throw refuseZip(`is not a ZIP file (only ${source.size} bytes)`);
  const tailStart = source.size - Math.min(source.size, MAX_TAIL);
  const tail = await source.read(tailStart, source.size - tailStart);
  const found: number[] = [];
  for (let i = tail.byteLength - END_RECORD_SIZE; i >= 0; i--) {
    if (
      u32(tail, i) === SIG.endOfCentralDirectory &&
      i + END_RECORD_SIZE + u16(tail, i + 20) === tail.byteLength
    )
      found.push(i);
  }
  if (found.length === 0) {
    const head = await source.read(0, 4);
    throw refuseZip(
      u32(head, 0) === SIG.localHeader
        ? 'is truncated or damaged: its end of central directory record is missing'
        : 'is not a ZIP file (no end of central directory record)',
    );
  }
  if (found.length > 1)
    throw refuseZip(`has ${found.length} end of central directory records (one forged inside the comment?)`);
  const at = found[0]!;
  const disk = u16(tail, at + 4);
  const directoryDisk = u16(tail, at + 6);
  const entriesHere = u16(tail, at + 8);
  const entryCount = u16(tail, at + 10);
  const directorySize = u32(tail, at + 12);
  const directoryOffset = u32(tail, at + 16);
  if (
    [disk, directoryDisk, entriesHere, entryCount].includes(0xffff) ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff ||
    (at >= ZIP64_LOCATOR_SIZE && u32(tail, at - ZIP64_LOCATOR_SIZE) === SIG.zip64Locator)
  )
    throw refuseZip('uses ZIP64, which is not supported (a bundle is written without it)');
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entryCount)
    throw refuseZip('spans several disks, which is not supported');
  const offset = tailStart + at;
  if (directoryOffset + directorySize !== offset)
    throw refuseZip(
      `is damaged: its central directory (${directorySize} bytes at offset ${directoryOffset}) does not end where the end record begins (offset ${offset})`,
    );
  return { offset, entryCount, directoryOffset, directorySize };
}
