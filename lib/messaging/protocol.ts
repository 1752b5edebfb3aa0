import type { CaptureRequest } from '../capture/capture-page';
import type { Control } from '../catalog/types';
import type { CaptureMetadata } from '../formats/capture-metadata';

/** A reply that carries either a value or a message for the user (errors do not cross messages well). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Every message the extension's contexts send to the background, with its data and reply. */
export interface ProtocolMap {
  /** Capture the visible area of a tab, tagged to controls; replies after the record is committed. */
  captureTab(data: CaptureRequest): Result<CaptureMetadata>;
  /** The same, from the on-page panel: the tab is the sender's. */
  captureFromPanel(data: Omit<CaptureRequest, 'tabId'>): Result<CaptureMetadata>;
  /** Opens the on-page panel in a tab (injected on demand). */
  openPanel(data: { tabId: number }): Result<null>;
  /** What the panel needs to show: the controls, those suggested for its page, and whether an identity is set. */
  getPanelContext(data: { url: string }): Result<PanelContext>;
  /** Sends queued RFC 3161 timestamp requests now; `force` retries those still backing off. */
  drainTimestamps(data: { force?: boolean }): Result<{ stamped: number }>;
}

/** Data for the on-page panel, which cannot read the extension's database itself. */
export interface PanelContext {
  controls: Control[];
  suggested: string[];
  suggestedBy: string;
  hasIdentity: boolean;
}

/** The wire shape of a message. */
export interface Envelope<K extends keyof ProtocolMap = keyof ProtocolMap> {
  prooftrail: K;
  data: Parameters<ProtocolMap[K]>[0];
}
