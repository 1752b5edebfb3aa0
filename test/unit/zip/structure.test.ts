import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildZip, deflated, extraField, stored } from './build-zip';
import { refusal } from './refuse-helpers';

const enc = new TextEncoder();
const u32le = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);

describe('the end record and the central directory', () => {
  it('too short or not a ZIP at all', async () => {
    expect(await refusal(new Uint8Array(10))).toMatch(/^the file is not a ZIP file \(only 10 bytes\)/);
    expect(
      await refusal(enc.encode('<html>not a zip, but long enough to have an end record</html>')),
    ).toMatch(/is not a ZIP file \(no end of central directory record\)/);
  });
  it('a ZIP cut short loses its end record', async () => {
    const zip = buildZip([stored('a.txt')]);
    expect(await refusal(zip.subarray(0, zip.length - 5))).toMatch(
      /is truncated or damaged: its end of central directory record is missing/,
    );
  });
  it('a second end record hidden in the comment', async () => {
    const fake = buildZip([]);
    expect(await refusal(buildZip([stored('a.txt')], { comment: fake }))).toMatch(
      /has 2 end of central directory records/,
    );
  });
  it('ZIP64, in the end record, a locator, a central record or an extra field', async () => {
    const zip64 = /uses ZIP64, which is not supported/;
    expect(await refusal(buildZip([stored('a.txt')], { end: { count: 0xffff } }))).toMatch(zip64);
    expect(await refusal(buildZip([stored('a.txt')], { end: { offset: 0xffffffff } }))).toMatch(zip64);
    const locator = new Uint8Array(20);
    locator.set(u32le(0x07064b50));
    expect(await refusal(buildZip([stored('a.txt')], { afterDirectory: locator }))).toMatch(zip64);
    expect(
      await refusal(buildZip([stored('a.txt', 'x', { size: 0xffffffff, compressedSize: 0xffffffff })])),
    ).toMatch(/^a\.txt: it uses ZIP64/);
    expect(
      await refusal(buildZip([stored('a.txt', 'x', { extra: extraField(1, new Uint8Array(16)) })])),
    ).toMatch(/^a\.txt: it uses ZIP64/);
  });
  it('split archives', async () => {
    expect(await refusal(buildZip([stored('a.txt')], { end: { disk: 1 } }))).toMatch(/spans several disks/);
    expect(await refusal(buildZip([stored('a.txt', 'x', { disk: 2 })]))).toMatch(
      /^a\.txt: it lies on another disk/,
    );
  });
  it('bytes between the central directory and the end record', async () => {
    expect(await refusal(buildZip([stored('a.txt')], { afterDirectory: new Uint8Array(7) }))).toMatch(
      /its central directory .* does not end where the end record begins/,
    );
  });
  it('fewer or more records than the end record says', async () => {
    expect(await refusal(buildZip([stored('a.txt'), stored('b.txt')], { end: { count: 1 } }))).toMatch(
      /bytes follow the 1 records its end record announces/,
    );
    expect(await refusal(buildZip([stored('a.txt')], { end: { count: 2 } }))).toMatch(
      /central directory record 2 of 2 is missing or broken/,
    );
  });
});

describe('entries that are refused before anything is read', () => {
  it('encrypted entries (ZipCrypto, strong encryption, AES)', async () => {
    const encrypted = /^a\.txt: it is encrypted/;
    expect(await refusal(buildZip([stored('a.txt', 'x', { flags: 1 })]))).toMatch(encrypted);
    expect(await refusal(buildZip([stored('a.txt', 'x', { flags: 0x41 })]))).toMatch(encrypted);
    expect(await refusal(buildZip([stored('a.txt', 'x', { method: 99 })]))).toMatch(encrypted);
    expect(
      await refusal(buildZip([stored('a.txt', 'x', { extra: extraField(0x9901, new Uint8Array(7)) })])),
    ).toMatch(/^a\.txt: it is encrypted \(AES\)/);
  });
  it.each([1, 6, 9, 12, 14, 93, 95])('compression method %i', async (method) => {
    expect(await refusal(buildZip([stored('a.bin', 'x', { method })]))).toMatch(
      new RegExp(`^a\\.bin: it uses compression method ${method}; only 0 \\(stored\\) and 8 \\(deflate\\)`),
    );
  });
  it('a second, Unicode name that unzip would use instead', async () => {
    const other = enc.encode('\u0001....../evil.txt');
    expect(await refusal(buildZip([stored('a.txt', 'x', { extra: extraField(0x7075, other) })]))).toMatch(
      /^a\.txt: it carries a second, Unicode name \(extra field 0x7075\)/,
    );
  });
  it('a damaged extra field', async () => {
    expect(await refusal(buildZip([stored('a.txt', 'x', { extra: Uint8Array.of(1, 2, 9, 0, 0) })]))).toMatch(
      /^a\.txt: its extra field is damaged/,
    );
  });
  it('symbolic links and special files', async () => {
    const unix = (mode: number) => ({ madeBy: (3 << 8) | 30, externalAttributes: (mode << 16) >>> 0 });
    expect(await refusal(buildZip([stored('link.png', '/etc/passwd', unix(0o120777))]))).toMatch(
      /^link\.png: it is a symbolic link/,
    );
    expect(await refusal(buildZip([stored('fifo', '', unix(0o010644))]))).toMatch(
      /^fifo: it is a special file/,
    );
    await expect(refusal(buildZip([stored('plain.txt', 'x', unix(0o100644))]))).rejects.toThrow(
      'not refused',
    );
  });
  it('a folder entry holding data', async () => {
    expect(await refusal(buildZip([stored('dir/', 'data')]))).toMatch(
      /^dir\/: it is a folder entry but holds 4 bytes/,
    );
  });
  it('a stored entry whose two sizes differ', async () => {
    expect(await refusal(buildZip([stored('a.txt', 'abc', { size: 5 })]))).toMatch(
      /^a\.txt: it is stored \(not compressed\) but its sizes differ: 3 bytes stored, 5 declared/,
    );
  });
  it('a declared size deflate cannot produce from its compressed size (more than 1032:1)', async () => {
    const data = deflateSync(new Uint8Array(1000));
    expect(
      await refusal(buildZip([{ name: 'bomb.bin', method: 8, data, size: data.length * 1032 + 1 }])),
    ).toMatch(
      /^bomb\.bin: it declares \d+ bytes from \d+ compressed bytes, more than deflate can produce \(at most 1032:1\)/,
    );
  });
});

describe('local headers must agree with the central directory', () => {
  it('another name', async () => {
    expect(
      await refusal(buildZip([stored('manifest.json', '{}', { local: { name: 'evil.json' } })])),
    ).toMatch(/^manifest\.json: its local header names it evil\.json/);
  });
  it('another method', async () => {
    expect(await refusal(buildZip([stored('a.txt', 'x', { local: { method: 8 } })]))).toMatch(
      /^a\.txt: its local header says compression method 8, the central directory 0/,
    );
  });
  it('other sizes or CRC', async () => {
    const disagree = /^a\.txt: its local header declares .* the central directory/;
    expect(await refusal(buildZip([stored('a.txt', 'abc', { local: { size: 99 } })]))).toMatch(disagree);
    expect(await refusal(buildZip([stored('a.txt', 'abc', { local: { compressedSize: 2 } })]))).toMatch(
      disagree,
    );
    expect(await refusal(buildZip([stored('a.txt', 'abc', { local: { crc: 7 } })]))).toMatch(disagree);
  });
  it('other flags', async () => {
    expect(await refusal(buildZip([stored('a.txt', 'x', { local: { flags: 1 } })]))).toMatch(
      /^a\.txt: its local header flags \(0x1\) disagree with the central directory's \(0x0\)/,
    );
  });
  it('a ZIP64 or alternative-name extra field in the local header only', async () => {
    expect(
      await refusal(buildZip([stored('a.txt', 'x', { local: { extra: extraField(1, new Uint8Array(8)) } })])),
    ).toMatch(/^a\.txt: it uses ZIP64.*\(local header\)/);
  });
  it('no local header where the central directory points', async () => {
    expect(await refusal(buildZip([stored('a.txt'), stored('b.txt', 'x', { offset: 3 })]))).toMatch(
      /^b\.txt: its local header \(offset 3\) is missing or damaged/,
    );
  });
  it('a data descriptor that disagrees', async () => {
    await expect(refusal(buildZip([stored('a.txt', 'abc', { descriptor: 'signed' })]))).rejects.toThrow(
      'not refused',
    );
    await expect(refusal(buildZip([stored('a.txt', 'abc', { descriptor: 'unsigned' })]))).rejects.toThrow(
      'not refused',
    );
    const zip = buildZip([stored('a.txt', 'abc', { descriptor: 'signed' })]);
    const at = 30 + 5 + 3 + 8; // the descriptor's compressed size
    zip[at] = zip[at]! ^ 1;
    expect(await refusal(zip)).toMatch(/^a\.txt: its data descriptor \(offset 38\) is missing or disagrees/);
  });
});

describe('where entries lie', () => {
  it('data running past the end of the entries', async () => {
    expect(
      await refusal(
        buildZip([
          stored('a.txt', 'abc', {
            compressedSize: 5000,
            size: 5000,
            local: { size: 5000, compressedSize: 5000 },
          }),
        ]),
      ),
    ).toMatch(
      /^a\.txt: its data \(5000 bytes from offset 35\) runs past the entries, which end at offset 38/,
    );
  });
  it('a local header outside the file', async () => {
    expect(await refusal(buildZip([stored('a.txt', 'abc', { offset: 1 << 30 })]))).toMatch(
      /^a\.txt: its local header \(offset 1073741824\) lies outside the entries/,
    );
  });
  it('overlapping entries (the non-recursive ZIP bomb)', async () => {
    // b.txt's local header and data sit inside a.txt's stored data; the central directory lists both.
    const inner = buildZip([stored('b.txt', 'hello')]).subarray(0, 30 + 5 + 5);
    const zip = buildZip([
      { name: 'a.txt', data: inner },
      { ...stored('b.txt', 'hello'), offset: 30 + 5 },
    ]);
    expect(await refusal(zip)).toMatch(
      /^b\.txt: its bytes \(from offset 35\) overlap a\.txt \(which ends at 75\): overlapping entries/,
    );
  });
  it('data hidden between entries, before the first or after the last', async () => {
    const hidden = /belong to no entry/;
    expect(
      await refusal(buildZip([stored('a.txt'), stored('b.txt', 'x', { before: new Uint8Array(9) })])),
    ).toMatch(
      /^b\.txt: the 9 bytes before it \(from offset \d+\) belong to no entry: data hidden from the central directory/,
    );
    expect(await refusal(buildZip([stored('a.txt', 'x', { before: enc.encode('MZ') })]))).toMatch(hidden);
    // hidden.txt is left out of the central directory: streaming unzippers would still extract it.
    expect(
      await refusal(buildZip([stored('a.txt'), stored('hidden.txt', 'secret', { unlisted: true })])),
    ).toMatch(/^the file has 46 bytes after its last entry \(from offset 52\) that belong to no entry/);
  });
});

describe('deflate streams must match their declared sizes', () => {
  const text = enc.encode('ProofTrail '.repeat(500));
  it('inflating to more than declared', async () => {
    expect(await refusal(buildZip([deflated('a.txt', text, { size: 100 })]))).toMatch(
      /^a\.txt: it inflates to more than the 100 bytes it declares \(stopped there\)/,
    );
  });
  it('inflating to fewer than declared', async () => {
    expect(await refusal(buildZip([deflated('a.txt', text, { size: text.length + 1 })]))).toMatch(
      /^a\.txt: it inflates to 5500 bytes, not the 5501 it declares/,
    );
  });
  it('a stream that ends before its compressed size (data hidden after it)', async () => {
    const e = deflated('a.txt', text);
    const data = new Uint8Array([...e.data!, ...enc.encode('hidden')]);
    expect(await refusal(buildZip([{ ...e, data }]))).toMatch(
      /^a\.txt: its deflate data ends 6 bytes before its \d+ compressed bytes do/,
    );
  });
  it('a stream cut short', async () => {
    const e = deflated('a.txt', text);
    expect(await refusal(buildZip([{ ...e, data: e.data!.subarray(0, e.data!.length - 3) }]))).toMatch(
      /^a\.txt: its deflate data does not end within its \d+ compressed bytes \(truncated or damaged\)/,
    );
    expect(
      await refusal(buildZip([{ name: 'empty.txt', method: 8, data: new Uint8Array(0), size: 0 }])),
    ).toMatch(/^empty\.txt: its deflate data does not end within its 0 compressed bytes/);
  });
  it('damaged deflate data', async () => {
    expect(
      await refusal(
        buildZip([{ name: 'a.txt', method: 8, data: Uint8Array.of(0xff, 0xff, 0xff, 0xff), size: 10 }]),
      ),
    ).toMatch(/^a\.txt: its deflate data is damaged \(invalid block type\)/);
  });
});
