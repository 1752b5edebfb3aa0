import type { CaptureRequest } from '../capture/capture-page';
import type { CaptureMetadata } from '../formats/capture-metadata';

/** A reply that carries either a value or a message for the user (errors do not cross messages well). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Every message the extension's contexts send to the background, with its data and reply. */
export interface ProtocolMap {
  /** Capture the visible area of a tab, tagged to controls; replies after the record is committed. */
  captureTab(data: CaptureRequest): Result<CaptureMetadata>;
}

/** The wire shape of a message. */
export interface Envelope<K extends keyof ProtocolMap = keyof ProtocolMap> {
  prooftrail: K;
  data: Parameters<ProtocolMap[K]>[0];
}
