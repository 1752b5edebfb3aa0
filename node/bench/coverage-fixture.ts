// The coverage bench's data: 150 controls of the built-in catalogs with mixed cadences and both
// sensitivities, an audit year per framework, and captures spread over that year (some with an
// effective date), generated deterministically so every run computes the same coverage.

import { builtinControls } from '../../lib/catalog/builtin';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { AuditPeriodSetting, ControlSchedule } from '../../lib/formats/schedule';
import { screenshotRecord } from '../fixtures/screenshot-record';
import { seededRandom as random } from '../fixtures/seeded-random';

/** Controls with a schedule, captures in the big and small runs. */
export const CONTROLS = 150;
export const CAPTURES = 10_000;
export const SMALL_CAPTURES = 100;
/** The instant coverage is computed for: mid-October of the audit year. */
export const AS_OF = Date.parse('2026-10-15T12:00:00Z');
/** Cadences in turn: one control in ten daily, two weekly, three monthly, three quarterly, one annual. */
const CADENCES = [
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'monthly',
  'weekly',
  'quarterly',
  'annual',
  'monthly',
  'quarterly',
] as const;

export interface CoverageFixture {
  schedules: ControlSchedule[];
  periods: AuditPeriodSetting[];
  /** Capture records as the library stores them (synthetic: hashes are zeros; no image is stored). */
  records: CaptureMetadata[];
}

/** `count` captures over the audit year, each tagged to one or two of the scheduled controls. */
export function coverageFixture(count: number): CoverageFixture {
  const controls = builtinControls.slice(0, CONTROLS);
  const frameworks = [...new Set(controls.map((c) => c.framework))];
  const schedules: ControlSchedule[] = controls.map((c, i) => ({
    controlId: c.id,
    framework: c.framework,
    cadence: CADENCES[i % CADENCES.length]!,
    sensitivity: i % 3 === 2 ? 'most-recent' : 'every-period',
    ...(i % 4
      ? { owner: { name: `Owner ${i % 12}`, email: `owner${i % 12}@bench.prooftrail.example` } }
      : {}),
    toleranceDays: 7,
    updatedAt: '2026-01-01T00:00:00.000Z',
    source: 'library',
  }));
  const periods: AuditPeriodSetting[] = frameworks.map((framework, i) => ({
    framework,
    from: '2026-01-01',
    to: '2026-12-31',
    timeZone: i % 2 ? 'America/New_York' : 'Europe/Berlin',
  }));
  const rnd = random(count);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = AS_OF - start;
  const records: CaptureMetadata[] = Array.from({ length: count }, (_, i) => {
    const first = controls[Math.floor(rnd() * controls.length)]!;
    const second = rnd() < 0.3 ? controls[Math.floor(rnd() * controls.length)] : undefined;
    const tagged = second && second.id !== first.id ? [first, second] : [first];
    const at = start + Math.floor((i / count) * span + rnd() * 3_600_000);
    const capturedAt = new Date(Math.min(at, AS_OF - 1000)).toISOString();
    const effective =
      rnd() < 0.15 ? new Date(at - Math.floor(rnd() * 10) * 86_400_000).toISOString().slice(0, 10) : '';
    return {
      ...screenshotRecord({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        controls: tagged.map((c) => ({ id: c.id, title: c.title, framework: c.framework })),
        note: '',
        pageUrl: `https://console.bench.prooftrail.example/reviews/${i}`,
        pageTitle: `Review ${i}`,
        capturedAt,
        capturer: { name: 'Bench Runner', email: 'bench@prooftrail.example' },
        browserVersion: '0',
        extensionVersion: 'bench',
        viewport: { width: 1280, height: 800 },
        image: { width: 1, height: 1, byteLength: 1, sha256: '0'.repeat(64) },
      }),
      ...(effective ? { effectiveDate: effective } : {}),
      metadataSha256: '0'.repeat(64),
    };
  });
  return { schedules, periods, records };
}
