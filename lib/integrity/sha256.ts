/** Lower-case hex SHA-256 of bytes, via WebCrypto (present in browsers and Node 20). */
export async function sha256Hex(data: BufferSource | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return toHex(new Uint8Array(digest));
}

/** Bytes to lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** The short form shown in the UI: the first 12 hex digits. */
export function shortHash(hex: string): string {
  return hex.slice(0, 12);
}
