import { canonicalJson } from './canonical';
import { firstDuplicateKey } from './duplicate-keys';

/** The outcome of reading a record that must be exactly its RFC 8785 canonical bytes. */
export type CanonicalRead = { ok: true; value: unknown } | { ok: false; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads JSON that must be byte for byte the RFC 8785 form of its own value: valid UTF-8, no
 * byte-order mark, no duplicate key, no whitespace, keys sorted, numbers in shortest form. What is
 * hashed and signed is then exactly what is stored, so no parser can see something else.
 */
export function readCanonicalJson(bytes: Uint8Array): CanonicalRead {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { ok: false, error: 'starts with a byte-order mark' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, error: 'is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // The parser's message quotes the file's own bytes; only its position is repeated here.
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    return { ok: false, error: `is not valid JSON${at ? ` (at character ${Number(at) + 1})` : ''}` };
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate)
    return {
      ok: false,
      error: `holds the key ${JSON.stringify(duplicate.key)} twice (at ${duplicate.path})`,
    };
  const canonical = canonicalJson(value);
  if (canonical !== text) {
    let at = 0;
    while (at < text.length && text[at] === canonical[at]) at++;
    return {
      ok: false,
      error: `is not in RFC 8785 canonical form (differs at character ${at + 1}: whitespace, key order, escapes or number form)`,
    };
  }
  return { ok: true, value };
}
