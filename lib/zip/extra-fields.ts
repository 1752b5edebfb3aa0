/** Extra field IDs that change how an entry is read (APPNOTE.TXT §4.5, Info-ZIP extra.fld). */
const ZIP64 = 0x0001;
const UNICODE_PATH = 0x7075;
const AES = 0x9901;

/**
 * Why an entry's extra fields make it unreadable or ambiguous, or undefined. A Unicode path field
 * is refused because Info-ZIP's unzip extracts under that second name, not the one checked here.
 */
export function extraFieldProblem(extra: Uint8Array): string | undefined {
  let at = 0;
  while (at < extra.byteLength) {
    if (at + 4 > extra.byteLength) return 'its extra field is damaged';
    const id = extra[at]! | (extra[at + 1]! << 8);
    const size = extra[at + 2]! | (extra[at + 3]! << 8);
    if (at + 4 + size > extra.byteLength) return 'its extra field is damaged';
    if (id === ZIP64) return 'it uses ZIP64, which is not supported (a bundle is written without it)';
    if (id === UNICODE_PATH)
      return 'it carries a second, Unicode name (extra field 0x7075) that some tools use instead';
    if (id === AES) return 'it is encrypted (AES), which is not supported';
    at += 4 + size;
  }
  return undefined;
}
