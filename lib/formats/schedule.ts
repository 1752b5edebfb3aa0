import { parseCadence } from '../period/cadence';
import { checkTimeZone, isDate } from '../period/zoned-time';
import { z } from './zod';

/** How a control's evidence is judged over the audit period (docs/coverage-format.md). */
export const SENSITIVITIES = ['most-recent', 'every-period'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Days a period's evidence may come after the period ends before it counts as late, by default. */
export const DEFAULT_TOLERANCE_DAYS = 7;

const day = z.string().refine(isDate, 'expected a date YYYY-MM-DD that exists');

const cadenceText = z.string().refine((v) => {
  try {
    parseCadence(v);
    return true;
  } catch {
    return false;
  }
}, 'expected on-event, daily, weekly, monthly, quarterly, semi-annual, annual or an ISO 8601 duration (P3M)');

const timeZone = z.string().refine((v) => {
  try {
    checkTimeZone(v);
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Europe/Berlin or UTC');

/** Who answers for a control's evidence. */
export const ownerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'expected an e-mail address'),
});
export type Owner = z.infer<typeof ownerSchema>;

/**
 * What is expected of one control over the audit period: how often, judged how, by whom, with how
 * much slack. Keyed by control ID (control IDs are unique across the built-in frameworks; a custom
 * catalog's IDs share the space).
 */
export const controlScheduleSchema = z.strictObject({
  controlId: z.string().trim().min(1).max(100),
  /** The framework the control belongs to: its audit period applies. */
  framework: z.string().min(1),
  /** A cadence word or an ISO 8601 duration, as the user wrote it (`quarterly`, `P3M`). */
  cadence: cadenceText,
  sensitivity: z.enum(SENSITIVITIES),
  owner: ownerSchema.optional(),
  /** Whole days after a period ends during which its evidence is still not late. */
  toleranceDays: z.number().int().min(0).max(366),
  /** When this row was last set, and from where (typed in the library, a CSV or an OSCAL plan). */
  updatedAt: z.string(),
  source: z.enum(['library', 'csv', 'oscal']),
});
export type ControlSchedule = z.infer<typeof controlScheduleSchema>;

/** The audit period of one framework: first and last day inclusive, in the organisation's time zone. */
export const auditPeriodSchema = z
  .strictObject({
    framework: z.string().min(1),
    from: day,
    to: day,
    timeZone,
  })
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] });
export type AuditPeriodSetting = z.infer<typeof auditPeriodSchema>;
