import type { VerifiedBundle } from './verified-bundle';

/** One thing wrong with a bundle, naming the file it concerns. */
export interface VerifyProblem {
  /** Path inside the bundle, or `(bundle)` for the whole. */
  path: string;
  message: string;
}

/** A key whose ledger the bundle carries, as the report shows it. */
export interface SignerSummary {
  fingerprint: string;
  /** `""` for the exporter, `signers/<id>/` for a teammate. */
  folder: string;
  /** The identity its entries claim (only pinning ties the key to a person). */
  claims: string;
  entries: number;
  /** Entries with a valid RFC 3161 token. */
  stamped: number;
}

/** The outcome of verifying a bundle. */
export interface VerifyReport {
  ok: boolean;
  problems: VerifyProblem[];
  /** Things an auditor should look at that do not make the bundle fail (clock skew, unknown roots). */
  warnings: VerifyProblem[];
  /** Facts worth showing beside OK that are no warning (an export entry still pending when exported). */
  notes: VerifyProblem[];
  /** Counts and facts from the manifest, when it could be read. */
  summary: {
    formatVersion?: number;
    /** Format 8: the layout its manifest names (absent before format 8: per-control). */
    layout?: 'per-control' | 'write-once';
    exportedAt?: string;
    exportedBy?: string;
    files: number;
    captures: number;
    deletions?: number;
    /** Formats 1–4 read with `--allow-unsigned`: only internal consistency was checked. */
    unsigned?: boolean;
    /** Whether the auditor pinned the signers (then every key was among them). */
    pinned?: boolean;
    /** The exporter's ledger first. */
    signers?: SignerSummary[];
  };
  /** What was verified, when the bundle is intact and signed: import and reports use this. */
  bundle?: VerifiedBundle;
}

/**
 * Text from a bundle (paths, names, claimed identities) shown on one line: control and invisible
 * formatting characters are escaped, so a hostile bundle cannot start a line of its own ("OK …")
 * or hide text from the person reading.
 */
export function oneLine(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

/** The lines a person reads: one OK line, or one line per problem; each is one line. */
export function formatReport(report: VerifyReport, name: string): string[] {
  return reportLines(report, name).map(oneLine);
}

function reportLines(report: VerifyReport, name: string): string[] {
  const s = report.summary;
  const warnings = report.warnings.map((w) => `WARN ${w.path}: ${w.message}`);
  if (!report.ok)
    return [
      ...report.problems.map((p) => `FAIL ${p.path}: ${p.message}`),
      ...warnings,
      `${name}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found; the bundle is not intact`,
    ];
  const what = `${s.files} files and ${s.captures} captures match the manifest (format ${s.formatVersion}${s.layout === 'write-once' ? ', write-once layout' : ''}, exported ${s.exportedAt}${s.exportedBy ? ` by ${s.exportedBy}` : ''})`;
  if (s.unsigned)
    return [
      `OK ${name}: UNSIGNED: ${what}; nothing signs this format, so this proves only that its files agree with each other`,
      ...warnings,
    ];
  const [root, ...others] = s.signers ?? [];
  const signed = root
    ? `; ledger of ${root.entries} entries intact, export signed by key ${root.fingerprint} (claims ${root.claims})${root.stamped ? `; ${root.stamped} entries carry a valid RFC 3161 timestamp` : ''}`
    : '';
  const teammates = others.length
    ? `; ${others.length} imported ledger${others.length === 1 ? '' : 's'} intact (${others.map((o) => `signed by key ${o.fingerprint}, claims ${o.claims}: ${o.entries} entries, ${o.stamped} timestamped`).join('; ')})`
    : '';
  const pinning = s.pinned
    ? '; every signer is pinned'
    : `; signer not pinned: compare ${(s.signers ?? []).length === 1 ? 'this fingerprint' : 'these fingerprints'} with the ones the exporter gave you out of band (--signer FINGERPRINT or --signers FILE)`;
  const notes = report.notes.map((n) => `NOTE ${n.path}: ${n.message}`);
  return [`OK ${name}: ${what}${signed}${teammates}${pinning}`, ...notes, ...warnings];
}
