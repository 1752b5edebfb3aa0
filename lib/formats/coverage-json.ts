import { COVERAGE_STATUSES, type Coverage } from '../period/coverage';
import { formatDate, formatInZone } from '../period/zoned-time';
import { SENSITIVITIES } from './schedule';
import { z } from './zod';

/** Version of the coverage JSON (docs/coverage-format.md). */
export const COVERAGE_JSON_VERSION = 1;

const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/, 'expected ISO 8601 with offset');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** `prooftrail coverage --json` and the library's coverage download: one audit period's coverage. */
export const coverageJsonSchema = z.strictObject({
  version: z.literal(COVERAGE_JSON_VERSION),
  /** The instant coverage is computed for, in the period's time zone. */
  asOf: instant,
  period: z.strictObject({ from: day, to: day, timeZone: z.string().min(1) }),
  counts: z.strictObject(
    Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, z.number().int().min(0)])) as Record<
      (typeof COVERAGE_STATUSES)[number],
      z.ZodNumber
    >,
  ),
  controls: z.array(
    z.strictObject({
      id: z.string().min(1),
      framework: z.string().min(1),
      cadence: z.string().min(1),
      sensitivity: z.enum(SENSITIVITIES),
      owner: z.strictObject({ name: z.string(), email: z.string() }).nullable(),
      toleranceDays: z.number().int().min(0),
      periods: z.array(
        z.strictObject({
          start: instant,
          end: instant,
          status: z.enum(COVERAGE_STATUSES),
          captures: z.number().int().min(0),
        }),
      ),
    }),
  ),
});
export type CoverageJson = z.infer<typeof coverageJsonSchema>;

/** Coverage in its public JSON form: instants with the period's offset, captures counted. */
export function coverageToJson(c: Coverage): CoverageJson {
  const zone = c.period.timeZone;
  return {
    version: COVERAGE_JSON_VERSION,
    asOf: formatInZone(c.asOf, zone),
    period: { from: formatDate(c.period.from), to: formatDate(c.period.to), timeZone: zone },
    counts: { ...c.counts },
    controls: c.controls.map((k) => ({
      id: k.id,
      framework: k.framework,
      cadence: k.cadence,
      sensitivity: k.sensitivity,
      owner: k.owner ? { name: k.owner.name, email: k.owner.email } : null,
      toleranceDays: k.toleranceDays,
      periods: k.periods.map((p) => ({
        start: formatInZone(p.start, zone),
        end: formatInZone(p.end, zone),
        status: p.status,
        captures: p.captureIds.length,
      })),
    })),
  };
}
