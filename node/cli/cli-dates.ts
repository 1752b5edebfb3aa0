import { checkTimeZone, parseDate } from '../../lib/period/zoned-time';
import { UsageError } from './usage';

/** Checks a `YYYY-MM-DD` option value; refuses it naming the option. */
export function checkDay(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    parseDate(value);
  } catch {
    throw new UsageError(`${option} "${value}" is not a date that exists (YYYY-MM-DD)`);
  }
  return value;
}

/** Checks a pair of day options given together (or neither), the first not after the second. */
export function checkDayPair(
  names: [string, string],
  from: string | undefined,
  to: string | undefined,
): { from: string; to: string } | undefined {
  checkDay(names[0], from);
  checkDay(names[1], to);
  if ((from === undefined) !== (to === undefined))
    throw new UsageError(
      `${from === undefined ? names[0] : names[1]} is required with ${from === undefined ? names[1] : names[0]}`,
    );
  if (from === undefined || to === undefined) return undefined;
  if (from > to) throw new UsageError(`${names[0]} ${from} is after ${names[1]} ${to}`);
  return { from, to };
}

/** Checks an IANA time zone option value. */
export function checkZone(option: string, zone: string): string {
  try {
    checkTimeZone(zone);
  } catch {
    throw new UsageError(`${option} "${zone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  }
  return zone;
}
