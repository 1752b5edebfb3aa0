/** General purpose flag bit 11: the name (and comment) are UTF-8. */
export const FLAG_UTF8 = 0x800;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The entry name as tools read it, or a reason it is ambiguous. Without the UTF-8 flag, tools
 * decode names as CP437 or the local code page, so only ASCII means the same everywhere.
 */
export function decodeEntryName(bytes: Uint8Array, flags: number): { name: string; problem?: string } {
  if (flags & FLAG_UTF8) {
    try {
      return { name: utf8.decode(bytes) };
    } catch {
      return { name: lenient.decode(bytes), problem: 'the name is not valid UTF-8' };
    }
  }
  if (bytes.some((b) => b >= 0x80))
    return {
      name: lenient.decode(bytes),
      problem: 'the name is not ASCII and not marked as UTF-8, so tools would read it differently',
    };
  return { name: utf8.decode(bytes) };
}

/** Unicode's control characters: C0 controls, DEL and C1 controls (U+0080–U+009F). */
const CONTROL = /\p{Cc}/u;
/** Invisible formatting characters (bidi overrides, zero-width joiners…) that disguise a name. */
const FORMAT = /\p{Cf}/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why an entry name is unsafe to extract or ambiguous, or undefined if it is a plain relative
 * path. Directory names (ending in "/") are checked without their final slash.
 */
export function entryNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.startsWith('/')) return 'absolute path (starts with "/")';
  if (name.includes('\\')) return 'backslash in the name (Windows tools read it as a folder separator)';
  if (/^[A-Za-z]:/.test(name)) return `drive letter "${name.slice(0, 2)}" in the name`;
  if (name.includes(':')) return 'colon in the name (a Windows drive or alternate data stream)';
  const control = CONTROL.exec(name);
  if (control) return `control character ${codePoint(control[0])} in the name`;
  const format = FORMAT.exec(name);
  if (format) return `invisible formatting character ${codePoint(format[0])} in the name`;
  const path = name.endsWith('/') ? name.slice(0, -1) : name;
  for (const segment of path.split('/')) {
    if (segment === '') return 'empty path segment ("//" or a name that is only "/")';
    if (segment === '.') return '"." segment in the path';
    if (segment === '..') return '".." segment in the path (it climbs out of the folder)';
  }
  return undefined;
}
