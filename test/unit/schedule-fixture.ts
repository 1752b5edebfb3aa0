import type { ControlSchedule } from '../../lib/formats/schedule';

/** A quarterly, every-period ISO 27001 schedule with 7 days' tolerance, changed by `patch`. */
export function schedule(controlId: string, patch: Partial<ControlSchedule> = {}): ControlSchedule {
  return {
    controlId,
    framework: 'ISO/IEC 27001:2022',
    cadence: 'quarterly',
    sensitivity: 'every-period',
    toleranceDays: 7,
    updatedAt: '2026-01-01T00:00:00.000Z',
    source: 'library',
    ...patch,
  };
}
