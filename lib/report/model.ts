import type { Identity } from '../db/types';
import type { Sensitivity } from '../formats/schedule';
import type { SelectionScope } from '../formats/scope-types';
import type { CoverageStatus } from '../period/coverage';

/**
 * What the bundle's reports (index.html, evidence.csv, OSCAL, PDF) say, gathered once while the
 * bundle is written or read back. Holds text and paths only, never image bytes, so it stays small
 * at any bundle size. Every string that came from a page or a person (titles, URLs, notes, names)
 * is untrusted: renderers must escape it for their output.
 */
export interface ReportModel {
  /** File name of the bundle, e.g. `prooftrail-A.5.18-2026-11-28T10-00-00Z.zip`. */
  bundleName: string;
  /** When the bundle was written, UTC ISO-8601. */
  exportedAt: string;
  exportedBy?: Identity;
  extensionVersion: string;
  /** What was asked for, in words, e.g. `Controls A.5.18, A.8.2 · 2026-01-01 to 2026-03-31`. */
  scopeLabel: string;
  /** The scope as selected (absent in models built by hand): what the OSCAL document is about. */
  scope?: SelectionScope;
  /** The period the report covers (the scope's dates, else first to last capture), UTC ISO-8601. */
  period: { from: string; to: string };
  /** Keys that signed the evidence: this device's and any imported from teammates. */
  signers: ReportSigner[];
  /** One per control in scope that has evidence, sorted by framework then control ID. */
  controls: ReportControl[];
  /** Deletions of evidence in scope (tombstones), for the report's record. */
  deletions: ReportDeletion[];
  /**
   * Coverage over the audit periods of the frameworks in scope that have schedules and an audit
   * period, counting only the captures this bundle carries (coverage.csv); absent when none has.
   */
  coverage?: ReportCoverage;
}

/** A signing key and who used it. */
export interface ReportSigner {
  /** RFC 7638 thumbprint (base64url). */
  fingerprint: string;
  /** Names and emails of the people whose ledger entries it signed. */
  actors: Identity[];
  /** Entries in its ledger, and how many carry a valid RFC 3161 timestamp. */
  entries: number;
  stamped: number;
}

/** A control and its captures. */
export interface ReportControl {
  id: string;
  /** From the captures' tagged controls (as at capture time). */
  framework: string;
  title: string;
  captures: ReportCapture[];
}

/** One capture as filed under one control. */
export interface ReportCapture {
  id: string;
  /** The signed capture time, UTC ISO-8601. */
  capturedAt: string;
  /**
   * When the activity shown happened, as the capturer stated it (local date YYYY-MM-DD): the
   * "Activity date", shown beside the capture time and never instead of it.
   */
  effectiveDate?: string;
  pageUrl: string;
  pageTitle: string;
  capturer: Identity;
  note: string;
  /** Every control the capture is tagged to. */
  controlIds: string[];
  captureMode: string;
  image: { width: number; height: number; sha256: string };
  metadataSha256: string;
  /** Paths inside the bundle, relative to its root, under this control's folder. */
  paths: {
    image: string;
    metadata: string;
    thumbnail?: string;
    pageText?: string;
    pageSnapshot?: string;
  };
  /** The signed ledger entry vouching for the capture. */
  ledger?: { fingerprint: string; seq: number };
  /** RFC 3161 status of that entry. */
  timestamp: { status: 'stamped' | 'pending' | 'none'; genTime?: string; tsaName?: string };
  /** True when it came into this library from a teammate's bundle. */
  imported: boolean;
}

/** A deleted capture, from its tombstone. */
export interface ReportDeletion {
  captureId: string;
  controlIds: string[];
  capturedAt: string;
  pageUrl: string;
  deletedAt: string;
  deletedBy: Identity;
  reason: string;
}

/** The status a control without a cadence gets in coverage.csv and the reports. */
export const NO_CADENCE = 'no cadence set';
export type ReportCoverageStatus = CoverageStatus | typeof NO_CADENCE;

/** Coverage of the bundle's captures as of the export (docs/report-formats.md, "coverage.csv"). */
export interface ReportCoverage {
  /** The instant coverage was computed for: the export time, UTC ISO-8601. */
  asOf: string;
  frameworks: ReportFrameworkCoverage[];
}

/** One framework's audit period and its controls' periods. */
export interface ReportFrameworkCoverage {
  framework: string;
  /** First and last day (inclusive, YYYY-MM-DD) in the organisation's time zone. */
  period: { from: string; to: string; timeZone: string };
  controls: ReportControlCoverage[];
}

/** A control's row(s): with a schedule, one per period; without, one for the audit period. */
export interface ReportControlCoverage {
  id: string;
  /** The schedule, absent for a control in scope that has none ("no cadence set"). */
  schedule?: {
    cadence: string;
    sensitivity: Sensitivity;
    owner?: { name: string; email: string };
    toleranceDays: number;
  };
  periods: ReportCoveragePeriod[];
}

export interface ReportCoveragePeriod {
  /** ISO 8601 with the period's offset in the time zone; `end` exclusive. */
  start: string;
  end: string;
  status: ReportCoverageStatus;
  /** Captures of this bundle counted for the period, oldest first. */
  captureIds: string[];
}
