import type { ProofTrailDb } from '../../../lib/db/database';
import { saveSchedules } from '../../../lib/db/schedules-repo';
import type { ControlSchedule } from '../../../lib/formats/schedule';
import { storeCapture } from '../helpers';

export const ISO = 'ISO/IEC 27001:2022';
export const BERLIN = 'Europe/Berlin';

const schedule = (
  s: Partial<ControlSchedule> & Pick<ControlSchedule, 'controlId' | 'cadence'>,
): ControlSchedule => ({
  framework: ISO,
  sensitivity: 'every-period',
  toleranceDays: 7,
  updatedAt: '2025-12-01T00:00:00.000Z',
  source: 'library',
  ...s,
});

/**
 * The 2026 audit period in Berlin with three controls:
 * - A.5.18 quarterly, every period, 7 days' tolerance, owned by Dana;
 * - A.8.15 monthly, most recent, no tolerance, owned by Sam;
 * - A.5.15 on event (the whole audit period is its one period), 14 days' tolerance, no owner.
 */
export async function seedAuditYear(db: ProofTrailDb): Promise<void> {
  await saveSchedules(
    db,
    [
      schedule({
        controlId: 'A.5.18',
        cadence: 'quarterly',
        owner: { name: 'Dana Reyes', email: 'dana@example.test' },
      }),
      schedule({
        controlId: 'A.8.15',
        cadence: 'monthly',
        sensitivity: 'most-recent',
        toleranceDays: 0,
        owner: { name: 'Sam Okafor', email: 'sam@example.test' },
      }),
      schedule({ controlId: 'A.5.15', cadence: 'on-event', toleranceDays: 14 }),
    ],
    [{ framework: ISO, from: '2026-01-01', to: '2026-12-31', timeZone: BERLIN }],
  );
}

/** Stores a capture tagged to `controlId`, signed at `capturedAt`, with an optional effective date. */
export function captureFor(db: ProofTrailDb, controlId: string, capturedAt: string, effectiveDate?: string) {
  return storeCapture(db, {
    controlIds: [controlId],
    controls: [{ id: controlId, title: controlId, framework: ISO }],
    capturedAt,
    ...(effectiveDate ? { effectiveDate } : {}),
  });
}
