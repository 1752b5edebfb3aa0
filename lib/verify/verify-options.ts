/** What an auditor tells the verifier besides the bundle. */
export interface VerifyOptions {
  /**
   * TSA root certificates (DER) trusted for timestamp tokens: the documented default set plus any
   * given with `--tsa-ca` or added in Settings. A token chaining to none is "not verified".
   */
  trustedTsaRoots?: Uint8Array[];
  /** Fail every capture, deletion and import entry without a valid token (`--require-timestamps`). */
  requireTimestamps?: boolean;
  /** Largest disagreement allowed between clocks (default 2 minutes). */
  maxSkewMs?: number;
  /**
   * Fingerprints of the keys the auditor expects (`--signer`, `--signers FILE`). Undefined: not
   * pinned, and the report says so; given: every key in the bundle must be among them.
   */
  pinnedSigners?: readonly string[];
  /** Read formats 1–4, whose export is not signed, for their file hashes alone (`--allow-unsigned`). */
  allowUnsigned?: boolean;
}

/** Where the verifier writes what it finds, each naming the file concerned. */
export interface Findings {
  /** A problem: the bundle fails. */
  add(path: string, message: string): void;
  /** Something to look at that does not make the bundle fail. */
  warn(path: string, message: string): void;
}
