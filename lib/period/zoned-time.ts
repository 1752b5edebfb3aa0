/** A calendar date (no time), as people write it in a time zone. */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws naming the zone when it is not an IANA time zone this runtime knows. */
export function checkTimeZone(zone: string): void {
  formatter(zone);
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new Error(`"${zone}" is not a time zone (use an IANA name such as Europe/Berlin or UTC).`);
    }
    formatters.set(zone, f);
  }
  return f;
}

type WallClock = LocalDate & { hour: number; minute: number; second: number };

/**
 * The wall-clock reading of an instant in a zone. Asking the runtime (`formatToParts`) costs a
 * few microseconds and coverage asks thousands of times per view (every period's first and last
 * day), so the zone's offset is remembered per quarter hour of UTC: where it is the same at the
 * quarter's start and at the next quarter's start (always, but for a quarter a clock change falls
 * in or ends at), the reading is the instant moved by that offset; where not, the runtime is asked
 * for that instant itself. The offsets at quarter starts are remembered too: each is shared by the
 * quarter it starts and the one it ends, so a run of days asks the runtime half as often.
 */
export function wallClock(ms: number, zone: string): WallClock {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const key = `${zone}|${quarter}`;
  let offset = quarterOffsets.get(key);
  if (offset === undefined) {
    const first = offsetAtQuarter(quarter, zone);
    offset = first === offsetAtQuarter(quarter + 1, zone) ? first : null;
    if (quarterOffsets.size >= MAX_REMEMBERED_QUARTERS) quarterOffsets.clear();
    quarterOffsets.set(key, offset);
  }
  if (offset === null) return askRuntime(ms, zone);
  const d = new Date(ms + offset);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const QUARTER_HOUR = 15 * 60_000;
const MAX_REMEMBERED_QUARTERS = 100_000;
/** Offset in ms for each zone and quarter hour of UTC; null where the offset changes within it. */
const quarterOffsets = new Map<string, number | null>();
/** The runtime's offset in ms at the start of each quarter hour asked about, per zone. */
const quarterStartOffsets = new Map<string, number>();

function offsetAtQuarter(quarter: number, zone: string): number {
  const key = `${zone}|${quarter}`;
  let offset = quarterStartOffsets.get(key);
  if (offset === undefined) {
    offset = offsetMs(quarter * QUARTER_HOUR, zone);
    if (quarterStartOffsets.size >= MAX_REMEMBERED_QUARTERS) quarterStartOffsets.clear();
    quarterStartOffsets.set(key, offset);
  }
  return offset;
}

/** The zone's offset at a whole-second instant, in ms, as the runtime reads it. */
function offsetMs(ms: number, zone: string): number {
  const w = askRuntime(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
}

/** What the formatter writes for years 1000-9999: `MM/DD/YYYY, HH:MM:SS` (en-US, 24-hour clock). */
const US_READING = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/**
 * The wall-clock reading as the runtime gives it (seconds truncated, as the formatter does). Read
 * from the formatter's string (several times faster than its parts, and coverage's first
 * computation asks thousands of times); from its parts when the string has another shape.
 */
export function askRuntime(ms: number, zone: string): WallClock {
  const m = US_READING.exec(formatter(zone).format(ms));
  if (m)
    return {
      year: Number(m[3]),
      month: Number(m[1]),
      day: Number(m[2]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
  return runtimeParts(ms, zone);
}

/** The wall-clock reading from the formatter's parts (any year). */
export function runtimeParts(ms: number, zone: string): WallClock {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at an instant, in minutes (east positive), whole seconds ignored. */
export function offsetMinutes(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant a local date begins in a zone: its first moment, 00:00 where it exists; on a day
 * whose midnight is skipped by a daylight-saving change, the first wall-clock time that exists.
 */
export function startOfDay(date: LocalDate, zone: string): number {
  // A pure function of its inputs (the runtime's time-zone data does not change while it runs):
  // remembered, since coverage asks for the same days over and over (every control's periods).
  const key = `${zone}|${date.year}-${date.month}-${date.day}`;
  const known = starts.get(key);
  if (known !== undefined) return known;
  const t = findStartOfDay(date, zone);
  if (starts.size >= MAX_REMEMBERED_DAYS) starts.clear();
  starts.set(key, t);
  return t;
}

/** Days remembered by startOfDay (about 27 years of days in four zones), then forgotten at once. */
const MAX_REMEMBERED_DAYS = 40_000;
const starts = new Map<string, number>();

function findStartOfDay(date: LocalDate, zone: string): number {
  const midnightUtc = Date.UTC(date.year, date.month - 1, date.day);
  // The offset can differ either side of a change: try the offsets of the hours around it.
  const candidates = new Set(
    [-36, -12, 0, 12, 36].map((h) => offsetMinutes(midnightUtc + h * 3_600_000, zone)),
  );
  let best: number | undefined;
  for (const offset of candidates) {
    const t = midnightUtc - offset * 60_000;
    const w = wallClock(t, zone);
    const sameDay = w.year === date.year && w.month === date.month && w.day === date.day;
    if (sameDay && w.hour === 0 && w.minute === 0 && (best === undefined || t < best)) best = t;
  }
  if (best !== undefined) return best;
  // Midnight does not exist that day (the clock jumps from 23:59:59 to 01:00): the day starts at
  // the jump, which is where the day before ends.
  const before = Math.min(...[...candidates].map((o) => midnightUtc - o * 60_000));
  for (let t = before; t < before + 3 * 3_600_000; t += 60_000) {
    const w = wallClock(t, zone);
    if (w.year === date.year && w.month === date.month && w.day === date.day) return t;
  }
  throw new Error(`Cannot find the start of ${formatDate(date)} in ${zone}.`);
}

/** `YYYY-MM-DD` */
export function formatDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Whether a text is a date that exists, written `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  try {
    parseDate(text);
    return true;
  } catch {
    return false;
  }
}

/** Reads `YYYY-MM-DD`, checking that the date exists; throws naming the text otherwise. */
export function parseDate(text: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!d || d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(d.year, d.month))
    throw new Error(`"${text}" is not a date (expected YYYY-MM-DD).`);
  return d;
}

/** An instant as ISO 8601 with the zone's offset at that instant, e.g. `2026-04-01T00:00:00+02:00`. */
export function formatInZone(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  const off = offsetMinutes(ms, zone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(w)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
