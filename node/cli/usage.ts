import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in the command line: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

/** parseArgs with its errors turned into UsageError. */
export function parseCommandLine<T extends ParseArgsConfig['options']>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(e));
  }
}

/** Parses `NAME <EMAIL>`. */
export function parseCapturer(text: string): { name: string; email: string } {
  const m = /^\s*(.+?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$/.exec(text);
  if (!m) throw new UsageError(`--capturer "${text}" is not in the form "NAME <EMAIL>"`);
  return { name: m[1]!, email: m[2]! };
}

/**
 * `--signer -9E0z…`: a fingerprint (base64url) may start with "-", which parseArgs takes for an
 * option. A fingerprint-shaped value after one of `names` is attached as `--name=value`.
 */
export function attachFingerprintValues(args: string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (names.includes(args[i]!) && next !== undefined && /^-[A-Za-z0-9_-]{42}$/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]!);
  }
  return out;
}
