/** How often a control's evidence is expected. */
export type Cadence =
  /** Event-driven (a change, a joiner): no calendar periods; the audit period is one window. */
  | { kind: 'on-event' }
  /** Every `duration`, periods aligned to the audit period's first day. `text` is its ISO 8601 form. */
  | { kind: 'every'; duration: CalendarDuration; text: string };

/** A calendar duration: years and months move the date by calendar months, days by days. */
export interface CalendarDuration {
  years: number;
  months: number;
  days: number;
}

/** The cadence words accepted in files and on the command line, and their ISO 8601 durations. */
export const CADENCE_WORDS = {
  'on-event': undefined,
  daily: 'P1D',
  weekly: 'P1W',
  monthly: 'P1M',
  quarterly: 'P3M',
  'semi-annual': 'P6M',
  annual: 'P1Y',
} as const;

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/**
 * Reads a cadence: one of the words (any case) or an ISO 8601 duration with date parts only
 * (`P3M`, `P2W`, `P1Y6M`). Throws naming the text when it is neither, has a time part (`PT1H`),
 * a fraction, or is zero.
 */
export function parseCadence(text: string): Cadence {
  const t = text.trim();
  const word = t.toLowerCase();
  if (Object.hasOwn(CADENCE_WORDS, word)) {
    const iso = CADENCE_WORDS[word as keyof typeof CADENCE_WORDS];
    return iso ? parseCadence(iso) : { kind: 'on-event' };
  }
  const m = ISO_DURATION.exec(t.toUpperCase());
  const words = Object.keys(CADENCE_WORDS).join(', ');
  if (!m || t.length < 3)
    throw new Error(
      `"${text}" is not a cadence: use one of ${words}, or an ISO 8601 duration in whole years, months, weeks or days (e.g. P3M, P2W)`,
    );
  const [years, months, weeks, days] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  const duration = { years, months, days: weeks * 7 + days };
  if (!years && !months && !duration.days)
    throw new Error(`"${text}" is not a cadence: the duration is zero`);
  return { kind: 'every', duration, text: t.toUpperCase() };
}
