import { canonicalJson } from '../integrity/canonical';
import { firstDuplicateKey, pathText } from '../integrity/duplicate-keys';
import { z } from './zod';

// The signers file: the keys compliance staff vouch for, exported from the library's Settings and
// handed to auditors (`npx prooftrail verify --signers FILE`, verify.html). Written as RFC 8785
// canonical JSON; read strictly (unknown fields, duplicate keys and duplicate fingerprints are errors).

export const SIGNERS_FILE_FORMAT = 'prooftrail-signers';
export const SIGNERS_FILE_VERSION = 1;
/** Larger files are refused before they are decoded (about 20,000 signers). */
export const MAX_SIGNERS_FILE_BYTES = 4 << 20;

/**
 * An RFC 7638 SHA-256 JWK thumbprint in base64url without padding: 43 characters, the last of
 * which carries the final 4 bits of the hash followed by two zero bits.
 */
export const FINGERPRINT_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const FINGERPRINT_LENGTH = 43;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const isoTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/,
    'expected UTC ISO-8601, e.g. 2026-01-01T00:00:00.000Z',
  );

export const fingerprintSchema = z
  .string()
  .regex(FINGERPRINT_PATTERN, 'expected an RFC 7638 SHA-256 thumbprint (43 base64url characters)');

/** One key and the person it belongs to. */
export const signersFileEntrySchema = z.strictObject({
  /** RFC 7638 SHA-256 thumbprint of the signer's public key (base64url, 43 characters). */
  fingerprint: fingerprintSchema,
  /** The key holder's name, as compliance staff recorded it. */
  name: z
    .string()
    .refine((s) => s.trim().length > 0, 'must not be empty')
    .refine((s) => s.length <= 200, 'too long (200 characters at most)'),
  /** The key holder's e-mail address. */
  email: z.string().regex(EMAIL, 'not an e-mail address'),
});

/** The whole file. Several keys may share an e-mail (one person, two browsers); a fingerprint appears once. */
export const signersFileSchema = z.strictObject({
  format: z.literal(SIGNERS_FILE_FORMAT),
  version: z.literal(SIGNERS_FILE_VERSION),
  /** When the file was written (UTC). */
  exportedAt: isoTime,
  signers: z.array(signersFileEntrySchema).superRefine((signers, ctx) => {
    const first = new Map<string, number>();
    signers.forEach((s, i) => {
      const earlier = first.get(s.fingerprint);
      if (earlier === undefined) first.set(s.fingerprint, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: [i, 'fingerprint'],
          message: `duplicate fingerprint ${s.fingerprint} (also signers[${earlier}])`,
        });
    });
  }),
});

export type SignersFile = z.infer<typeof signersFileSchema>;
export type SignersFileEntry = z.infer<typeof signersFileEntrySchema>;

/** A signers file that cannot be used; `problems` each name the file and, where known, the field. */
export class SignersFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
    this.name = 'SignersFileError';
  }
}

/**
 * The file's bytes: RFC 8785 canonical JSON of the signers (sorted by e-mail, then fingerprint),
 * no BOM, no trailing newline. Throws when an entry is invalid or a fingerprint is listed twice.
 */
export function writeSignersFile(signers: readonly SignersFileEntry[], exportedAt: Date): Uint8Array {
  const file: SignersFile = {
    format: SIGNERS_FILE_FORMAT,
    version: SIGNERS_FILE_VERSION,
    exportedAt: exportedAt.toISOString(),
    signers: signers
      .map((s) => ({ fingerprint: s.fingerprint, name: s.name.trim(), email: s.email.trim() }))
      .sort((a, b) => cmp(a.email.toLowerCase(), b.email.toLowerCase()) || cmp(a.fingerprint, b.fingerprint)),
  };
  const checked = signersFileSchema.safeParse(file);
  if (!checked.success) throw new SignersFileError('signers file', issuesOf(checked.error, 'signers file'));
  return new TextEncoder().encode(canonicalJson(checked.data));
}

/** The name a signers file is saved under, e.g. `prooftrail-signers-2026-01-31.json`. */
export function signersFileName(at: Date): string {
  return `prooftrail-signers-${at.toISOString().slice(0, 10)}.json`;
}

/**
 * Reads a signers file strictly: UTF-8 without BOM, JSON without duplicate keys, the schema
 * without unknown fields, each fingerprint once. Whitespace and key order are not enforced, so a
 * file edited by hand still reads. Throws SignersFileError naming the file and the field.
 */
export function parseSignersFile(bytes: Uint8Array, fileName: string): SignersFile {
  const fail = (message: string): never => {
    throw new SignersFileError(fileName, [`${fileName}: ${message}`]);
  };
  if (bytes.length > MAX_SIGNERS_FILE_BYTES)
    fail(`too large for a signers file (${bytes.length} bytes; at most ${MAX_SIGNERS_FILE_BYTES})`);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    fail('starts with a byte order mark (BOM); save it as UTF-8 without BOM');
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(`is not valid UTF-8 (first bad byte at offset ${firstBadUtf8(bytes)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(`is not JSON (${(e as Error).message})`);
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate) fail(`field ${duplicate.path}: appears twice in one object (duplicate key)`);
  const head = value as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head))
    fail('is not a signers file (expected a JSON object)');
  if (head?.format !== SIGNERS_FILE_FORMAT)
    fail(`field format: is ${JSON.stringify(head?.format)}, expected "${SIGNERS_FILE_FORMAT}"`);
  if (head?.version !== SIGNERS_FILE_VERSION)
    fail(
      `field version: is ${JSON.stringify(head?.version)}; this ProofTrail reads version ${SIGNERS_FILE_VERSION}`,
    );
  const parsed = signersFileSchema.safeParse(value);
  if (!parsed.success) throw new SignersFileError(fileName, issuesOf(parsed.error, fileName));
  return parsed.data;
}

/** Pasted fingerprints, normalized (ungrouped, each once), and one message per bad token. */
export interface ParsedFingerprints {
  fingerprints: string[];
  errors: string[];
}

/**
 * Reads fingerprints pasted one per line or separated by spaces, commas or semicolons. The grouped
 * display form (`abcd efgh … xyz`, as Settings shows it) is joined back: within a line, short tokens
 * are joined until they make 43 characters. Quotes around a token are ignored.
 */
export function parseFingerprints(text: string): ParsedFingerprints {
  const fingerprints: string[] = [];
  const errors: string[] = [];
  const accept = (candidate: string, shown: string) => {
    const problem = fingerprintProblem(candidate);
    if (problem) errors.push(`"${clip(shown)}" ${problem}`);
    else if (!fingerprints.includes(candidate)) fingerprints.push(candidate);
  };
  for (const line of text.split(/[\r\n,;]+/)) {
    let group: string[] = [];
    const flush = () => {
      if (group.length)
        errors.push(
          `"${clip(group.join(' '))}" is not a fingerprint: ${group.join('').length} characters, expected ${FINGERPRINT_LENGTH}`,
        );
      group = [];
    };
    for (const raw of line.split(/\s+/)) {
      const token = raw.replace(/^["'`]+|["'`]+$/g, '');
      if (!token) continue;
      if (token.length >= FINGERPRINT_LENGTH) {
        flush();
        accept(token, token);
        continue;
      }
      group.push(token);
      const joined = group.join('');
      if (joined.length === FINGERPRINT_LENGTH) {
        accept(joined, group.join(' '));
        group = [];
      } else if (joined.length > FINGERPRINT_LENGTH) flush();
    }
    flush();
  }
  return { fingerprints, errors };
}

/** The display form: groups of 4 characters separated by spaces (`abcd efgh … xyz`). */
export function groupFingerprint(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** Why a string is not a fingerprint, or undefined when it is one. */
export function fingerprintProblem(candidate: string): string | undefined {
  const bad = /[^A-Za-z0-9_-]/.exec(candidate);
  if (bad) return `is not a fingerprint: "${bad[0]}" is not a base64url character (A-Z, a-z, 0-9, - and _)`;
  if (candidate.length !== FINGERPRINT_LENGTH)
    return `is not a fingerprint: ${candidate.length} characters, expected ${FINGERPRINT_LENGTH}`;
  if (!FINGERPRINT_PATTERN.test(candidate))
    return 'is not a SHA-256 fingerprint: its last character cannot end a 256-bit value (mistyped?)';
  return undefined;
}

function issuesOf(error: z.ZodError, fileName: string): string[] {
  return error.issues.map((issue) => {
    const where = pathText(issue.path) || '(root)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message;
    return `${fileName}: field ${where}: ${message}`;
  });
}

function firstBadUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix (allowing a sequence cut at its end) ends just before the bad byte.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo));
    return lo;
  } catch {
    // The prefix ends inside a sequence that the next byte breaks: report where the sequence starts.
    let start = lo - 1;
    while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start--;
    return start;
  }
}

function clip(s: string): string {
  return s.length > 64 ? `${s.slice(0, 61)}…` : s;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
