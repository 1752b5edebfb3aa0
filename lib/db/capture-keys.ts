import type { CaptureMetadata } from '../formats/capture-metadata';

/**
 * What coverage needs of a capture, kept in its own small table (`captureKeys`) beside the record:
 * reading ten thousand full records to count them costs far more than the counting.
 */
export interface CaptureKeyRow {
  id: string;
  controlIds: string[];
  capturedAt: string;
  effectiveDate?: string;
}

/** The key row of a record. */
export function captureKeyOf(r: CaptureMetadata): CaptureKeyRow {
  return {
    id: r.id,
    controlIds: r.controlIds,
    capturedAt: r.capturedAt,
    ...('effectiveDate' in r && r.effectiveDate ? { effectiveDate: r.effectiveDate } : {}),
  };
}
