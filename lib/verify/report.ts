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
    /** Every signed ledger in the bundle (format 4 may carry teammates' ledgers too). */
    signers?: { fingerprint: string; entries: number; stamped: number }[];
  };
}

/** The lines a person reads: one OK line, or one line per problem. */
export function formatReport(report: VerifyReport, name: string): string[] {
  const s = report.summary;
  const warnings = report.warnings.map((w) => `WARN ${w.path}: ${w.message}`);
  if (report.ok)
    return [
      `OK ${name}: ${s.files} files and ${s.captures} captures match the manifest (format ${s.formatVersion}, exported ${s.exportedAt}${s.exportedBy ? ` by ${s.exportedBy}` : ''})${s.ledgerEntries ? `; ledger of ${s.ledgerEntries} entries intact, signed by key ${s.keyFingerprint}` : ''}${s.stampedEntries ? `; ${s.stampedEntries} entries carry a valid RFC 3161 timestamp` : ''}${otherSigners(s)}`,
      ...warnings,
    ];
  return [
    ...report.problems.map((p) => `FAIL ${p.path}: ${p.message}`),
    ...warnings,
    `${name}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found; the bundle is not intact`,
  ];
}

function otherSigners(s: VerifyReport['summary']): string {
  const others = (s.signers ?? []).filter((x) => x.fingerprint !== s.keyFingerprint);
  return others.length
    ? `; ${others.length} imported ledger${others.length === 1 ? '' : 's'} intact (${others.map((o) => `key ${o.fingerprint}: ${o.entries} entries, ${o.stamped} timestamped`).join('; ')})`
    : '';
}
