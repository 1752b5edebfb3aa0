/** One thing wrong with a bundle, naming the file it concerns. */
export interface VerifyProblem {
  /** Path inside the bundle, or `(bundle)` for the whole. */
  path: string;
  message: string;
}

/** The outcome of verifying a bundle. */
export interface VerifyReport {
  ok: boolean;
  problems: VerifyProblem[];
  /** Things an auditor should look at that do not make the bundle fail (clock skew, unchecked roots). */
  warnings: VerifyProblem[];
  /** Counts and facts from the manifest, when it could be read. */
  summary: {
    formatVersion?: number;
    exportedAt?: string;
    exportedBy?: string;
    files: number;
    captures: number;
    /** Entries in the bundle's signed ledger (format 3 on). */
    ledgerEntries?: number;
    /** RFC 7638 thumbprint of the key that signed the ledger. */
    keyFingerprint?: string;
    /** Ledger entries carrying a valid RFC 3161 timestamp. */
    stampedEntries?: number;
  };
}

/** The lines a person reads: one OK line, or one line per problem. */
export function formatReport(report: VerifyReport, name: string): string[] {
  const s = report.summary;
  const warnings = report.warnings.map((w) => `WARN ${w.path}: ${w.message}`);
  if (report.ok)
    return [
      `OK ${name}: ${s.files} files and ${s.captures} captures match the manifest (format ${s.formatVersion}, exported ${s.exportedAt}${s.exportedBy ? ` by ${s.exportedBy}` : ''})${s.ledgerEntries ? `; ledger of ${s.ledgerEntries} entries intact, signed by key ${s.keyFingerprint}` : ''}${s.stampedEntries ? `; ${s.stampedEntries} entries carry a valid RFC 3161 timestamp` : ''}`,
      ...warnings,
    ];
  return [
    ...report.problems.map((p) => `FAIL ${p.path}: ${p.message}`),
    ...warnings,
    `${name}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found; the bundle is not intact`,
  ];
}
