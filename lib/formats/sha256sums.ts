import { SHA256SUMS_PATH } from './bundle-paths';

const encoder = new TextEncoder();

/**
 * The bytes of a bundle's `SHA256SUMS` (format 9, docs/bundle-format.md): one line per file the
 * manifest lists but `SHA256SUMS` itself, in the manifest's order, as GNU `sha256sum` writes them
 * (`<64 hex>  <path>`, LF), so `sha256sum -c SHA256SUMS` checks them in the unzipped folder. A
 * path holding a backslash or a line break is escaped as `sha256sum` does (the line starts with
 * `\`); bundle paths have neither.
 */
export function sha256Sums(files: readonly { path: string; sha256: string }[]): Uint8Array {
  let text = '';
  for (const { path, sha256 } of files) {
    if (path === SHA256SUMS_PATH) continue;
    const escaped = path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    text += `${escaped === path ? '' : '\\'}${sha256}  ${escaped}\n`;
  }
  return encoder.encode(text);
}
