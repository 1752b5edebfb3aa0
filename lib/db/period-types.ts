// Rows of the audit-period tables (database version 7). Each feature owns its row type here so the
// database has one definition of every table.

/** A request's state, as the compliance team moves it along. */
export const REQUEST_STATUSES = ['open', 'in-progress', 'ready', 'submitted'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A sample's state: still to capture, or captured (by at least one capture). */
export const SAMPLE_STATUSES = ['open', 'captured'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

/** One item of an auditor's request list (PBC list), imported from CSV. */
export interface AuditRequestRow {
  /** The auditor's request ID, e.g. `PBC-12`; unique in the library. */
  id: string;
  /** Control references as the auditor wrote them (one or more). */
  controlIds: string[];
  /** A short title, when the list has one (the SCF ERL's "Documentation Artifact"). */
  title?: string;
  description: string;
  owner?: string;
  /** Due date, YYYY-MM-DD. */
  due?: string;
  /** The sample items the auditor picked (e.g. change tickets), in the file's order. */
  samples: { id: string }[];
  status: RequestStatus;
  importedAt: string;
  /** File it came from and its line there. */
  source: { file: string; line: number };
}

/** A capture put forward for a request (and one of its samples, or as the population). */
export interface RequestLinkRow {
  captureId: string;
  requestId: string;
  sampleId?: string;
  /** The capture shows the whole population (the source system's list with its filter visible). */
  population: boolean;
  linkedAt: string;
}

/** A control's reminder state: when its owner last heard of it, and until when it is snoozed. */
export interface ReminderRow {
  controlId: string;
  /** Epoch ms; no notification for this control before then. */
  snoozedUntil?: number;
  /** Epoch ms of the last notification shown, and the period start it was about. */
  notifiedAt?: number;
  notifiedPeriodStart?: number;
}
