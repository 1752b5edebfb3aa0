import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../lib/zip/crc32';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('gives the standard check value and that of the empty input', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('agrees with the CRC fflate writes into a ZIP, for every length around the 8-byte steps', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 24);
    for (const n of [1, 7, 8, 9, 15, 16, 17, 999, 1000]) {
      const zip = zipSync({ a: [bytes.subarray(0, n), { level: 0 }] });
      expect(crc32(bytes.subarray(0, n))).toBe(new DataView(zip.buffer).getUint32(14, true));
    }
  });

  it('continues over bytes given in pieces', () => {
    const bytes = Uint8Array.from({ length: 777 }, (_, i) => (i * 31 + 7) & 0xff);
    expect(crc32(bytes.subarray(300), crc32(bytes.subarray(0, 300)))).toBe(crc32(bytes));
  });
});
