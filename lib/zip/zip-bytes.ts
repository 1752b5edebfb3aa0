export { sameBytes } from '../integrity/bytes';
/** Record signatures of the ZIP format (APPNOTE.TXT §4.3), as little-endian 32-bit numbers. */
export const SIG = {
  localHeader: 0x04034b50,
  centralHeader: 0x02014b50,
  endOfCentralDirectory: 0x06054b50,
  zip64Locator: 0x07064b50,
  dataDescriptor: 0x08074b50,
} as const;

/** Fixed sizes of the records, before their variable-length parts. */
export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const END_RECORD_SIZE = 22;
export const ZIP64_LOCATOR_SIZE = 20;

/** Little-endian unsigned 16-bit number at `at`. */
export function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

/** Little-endian unsigned 32-bit number at `at`. */
export function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
