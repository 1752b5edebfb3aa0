// The export scope as plain types, apart from the validators so pages that only filter need not
// bundle them. The schema is in manifest.ts.

/**
 * What a bundle holds: captures matching every filter given. `controlIds` is the resolved list
 * (the controls picked plus every control of the frameworks picked); absent means every control.
 * `from` is inclusive and `to` exclusive (UTC ISO-8601); `capturers` are e-mail addresses,
 * compared without case.
 */
export interface SelectionScope {
  kind: 'selection';
  controlIds?: string[];
  /** The frameworks picked, for labels; already folded into `controlIds`. */
  frameworks?: string[];
  from?: string;
  to?: string;
  capturers?: string[];
  /** Format 7, a request's bundle: the auditor's request ID, for labels. */
  request?: string;
  /** Format 7: only these captures (a request's linked captures); absent: any capture. Never empty. */
  captureIds?: string[];
}

/** Scopes written by bundle formats 1–3. */
export type LegacyScope = { kind: 'all' } | { kind: 'control'; controlId: string };

/** Any scope a manifest may carry. */
export type BundleScope = LegacyScope | SelectionScope;

/**
 * The part of a teammate's ledger whose evidence came in one imported bundle: the bundle's scope,
 * up to the last entry its ledger held then.
 */
export interface LedgerCoverage extends SelectionScope {
  throughSeq: number;
}
