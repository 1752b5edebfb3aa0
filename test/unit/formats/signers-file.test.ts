import { describe, expect, it } from 'vitest';
import {
  groupFingerprint,
  parseFingerprints,
  parseSignersFile,
  SignersFileError,
  signersFileName,
  writeSignersFile,
} from '../../../lib/formats/signers-file';
import { canonicalJson } from '../../../lib/integrity/canonical';
import { describePublicKey, generateDeviceKey } from '../../../lib/integrity/signing';

const enc = (s: string) => new TextEncoder().encode(s);
async function realFingerprint(): Promise<string> {
  return (await describePublicKey((await generateDeviceKey()).publicKey)).fingerprint;
}
const A = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'; // RFC 7638 §3.1's example thumbprint
const B = `${'B'.repeat(42)}w`;
const at = new Date('2026-01-31T12:00:00.000Z');

function file(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'prooftrail-signers',
    version: 1,
    exportedAt: '2026-01-31T12:00:00.000Z',
    signers: [{ fingerprint: A, name: 'Dana Auditor', email: 'dana@example.com' }],
    ...over,
  };
}

function problemsOf(bytes: Uint8Array, name = 'signers.json'): string[] {
  try {
    parseSignersFile(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(SignersFileError);
    return (e as SignersFileError).problems;
  }
  throw new Error('parsed');
}

describe('signers file', () => {
  it('writes RFC 8785 canonical bytes, sorted by e-mail, that read back', async () => {
    const real = await realFingerprint();
    const bytes = writeSignersFile(
      [
        { fingerprint: real, name: ' Zed ', email: 'zed@example.com' },
        { fingerprint: A, name: 'Dana', email: 'Dana@example.com' },
      ],
      at,
    );
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe(canonicalJson(JSON.parse(text)));
    expect(text.endsWith('\n')).toBe(false);
    expect(text.startsWith('{"exportedAt":"2026-01-31T12:00:00.000Z","format":"prooftrail-signers"')).toBe(
      true,
    );
    const parsed = parseSignersFile(bytes, 'x.json');
    expect(parsed.signers.map((s) => s.name)).toEqual(['Dana', 'Zed']);
    expect(parsed.signers[1]!.fingerprint).toBe(real);
    expect(signersFileName(at)).toBe('prooftrail-signers-2026-01-31.json');
  });

  it('refuses to write a fingerprint twice or a bad one', () => {
    expect(() =>
      writeSignersFile(
        [
          { fingerprint: A, name: 'A', email: 'a@x.test' },
          { fingerprint: A, name: 'B', email: 'b@x.test' },
        ],
        at,
      ),
    ).toThrow(/duplicate fingerprint/);
    expect(() => writeSignersFile([{ fingerprint: 'short', name: 'A', email: 'a@x.test' }], at)).toThrow(
      /signers\[0\]\.fingerprint/,
    );
  });

  it('reads a hand-edited file (whitespace, key order) and allows two keys for one e-mail', () => {
    const text = JSON.stringify(
      file({
        signers: [
          { email: 'dana@example.com', name: 'Dana', fingerprint: A },
          { fingerprint: B, name: 'Dana (laptop)', email: 'dana@example.com' },
        ],
      }),
      null,
      2,
    );
    expect(parseSignersFile(enc(`${text}\n`), 's.json').signers).toHaveLength(2);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...enc(JSON.stringify(file()))]), /byte order mark/],
    [
      'bad UTF-8',
      new Uint8Array([...enc('{"format":"'), 0xc3, 0x28, ...enc('"}')]),
      /not valid UTF-8 .*offset 11/,
    ],
    ['not JSON', enc('{"format": "prooftrail-signers",'), /is not JSON/],
    ['an array', enc('[]'), /expected a JSON object/],
    [
      'another format',
      enc(JSON.stringify(file({ format: 'prooftrail-bundle' }))),
      /field format: is "prooftrail-bundle"/,
    ],
    ['another version', enc(JSON.stringify(file({ version: 2 }))), /field version: is 2/],
    [
      'an unknown top field',
      enc(JSON.stringify(file({ note: 'x' }))),
      /field \(root\): unknown field "note"/,
    ],
    [
      'an unknown signer field',
      enc(
        JSON.stringify(file({ signers: [{ fingerprint: A, name: 'D', email: 'd@x.test', role: 'CISO' }] })),
      ),
      /field signers\[0\]: unknown field "role"/,
    ],
    [
      'a duplicate key',
      enc(
        `{"format":"prooftrail-signers","version":1,"exportedAt":"2026-01-31T12:00:00.000Z","signers":[{"fingerprint":"${A}","name":"D","name":"E","email":"d@x.test"}]}`,
      ),
      /field signers\[0\]\.name: appears twice/,
    ],
    [
      'a duplicate fingerprint',
      enc(
        JSON.stringify(
          file({
            signers: [
              { fingerprint: A, name: 'D', email: 'd@x.test' },
              { fingerprint: A, name: 'E', email: 'e@x.test' },
            ],
          }),
        ),
      ),
      /field signers\[1\]\.fingerprint: duplicate fingerprint .* \(also signers\[0\]\)/,
    ],
    [
      'a fingerprint that cannot end a SHA-256',
      enc(
        JSON.stringify(
          file({ signers: [{ fingerprint: `${'B'.repeat(42)}B`, name: 'D', email: 'd@x.test' }] }),
        ),
      ),
      /field signers\[0\]\.fingerprint: expected an RFC 7638/,
    ],
    [
      'an empty name and a bad e-mail',
      enc(JSON.stringify(file({ signers: [{ fingerprint: A, name: ' ', email: 'nobody' }] }))),
      /signers\[0\]\.name: must not be empty/,
    ],
    [
      'a local time',
      enc(JSON.stringify(file({ exportedAt: '2026-01-31 12:00' }))),
      /field exportedAt: expected UTC/,
    ],
  ])('refuses %s, naming the file and the field', (_, bytes, message) => {
    const problems = problemsOf(bytes, 'auditor-signers.json');
    expect(problems.join('\n')).toMatch(message);
    for (const p of problems) expect(p.startsWith('auditor-signers.json: ')).toBe(true);
  });

  it('reports every bad field at once', () => {
    const problems = problemsOf(
      enc(JSON.stringify(file({ signers: [{ fingerprint: 'x', name: '', email: 'nobody' }] }))),
    );
    expect(problems).toHaveLength(3);
  });
});

describe('pasted fingerprints', () => {
  it('reads one per line, or separated by spaces, commas and semicolons, each once', () => {
    expect(parseFingerprints(`${A}\n${B}`)).toEqual({ fingerprints: [A, B], errors: [] });
    expect(parseFingerprints(` ${A}, ${B} ;${A}\r\n`)).toEqual({ fingerprints: [A, B], errors: [] });
    expect(parseFingerprints(`${A} ${B}`)).toEqual({ fingerprints: [A, B], errors: [] });
    expect(parseFingerprints(`"${A}"`)).toEqual({ fingerprints: [A], errors: [] });
    expect(parseFingerprints('  \n ')).toEqual({ fingerprints: [], errors: [] });
  });

  it('joins the grouped display form back, also several on one line', () => {
    const grouped = groupFingerprint(A);
    expect(grouped).toBe('NzbL sXh8 uDCc d-6M NwXF 4W_7 noWX FZAf HkxZ sRGC 9Xs');
    expect(parseFingerprints(grouped).fingerprints).toEqual([A]);
    expect(parseFingerprints(`${grouped} ${groupFingerprint(B)}`).fingerprints).toEqual([A, B]);
    expect(parseFingerprints(`${grouped}\u00a0\n${B}`).fingerprints).toEqual([A, B]);
  });

  it('names each bad token and keeps the good ones', () => {
    const r = parseFingerprints(
      `${A}\nabc\n${A.slice(0, 20)}$${A.slice(21)}\n${'B'.repeat(43)}\nNzbL sXh8 ${B}`,
    );
    expect(r.fingerprints).toEqual([A, B]);
    expect(r.errors).toEqual([
      '"abc" is not a fingerprint: 3 characters, expected 43',
      `"${A.slice(0, 20)}$${A.slice(21)}" is not a fingerprint: "$" is not a base64url character (A-Z, a-z, 0-9, - and _)`,
      `"${'B'.repeat(43)}" is not a SHA-256 fingerprint: its last character cannot end a 256-bit value (mistyped?)`,
      '"NzbL sXh8" is not a fingerprint: 8 characters, expected 43',
    ]);
    expect(parseFingerprints(`${A}x`).errors).toEqual([
      `"${A}x" is not a fingerprint: 44 characters, expected 43`,
    ]);
  });
});
