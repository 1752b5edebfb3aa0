import { BundleReadError } from '../verify/archive';

/** Names made only of visible ASCII are printed as they are; anything else is quoted and escaped. */
const PLAIN = /^[\x21-\x7e]+$/;

/**
 * An entry name fit for a one-line message: hostile names may hold control characters, line breaks
 * or bidi overrides that would forge or disguise report lines, so those are escaped as \uXXXX.
 */
export function entryLabel(name: string): string {
  if (PLAIN.test(name)) return name;
  const escaped = JSON.stringify(name).replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
  return escaped;
}

/** The BundleReadError for one entry: `NAME: reason`, like every other verifier line. */
export function refuse(name: string, reason: string): BundleReadError {
  return new BundleReadError(`${entryLabel(name)}: ${reason}`);
}

/** The BundleReadError for the ZIP as a whole (not one entry). */
export function refuseZip(reason: string): BundleReadError {
  return new BundleReadError(`the file ${reason}`);
}
