/** Capture time as the record states it: UTC with ms, the IANA zone, and the offset then. */
export interface CaptureTime {
  capturedAt: string;
  timeZone: string;
  utcOffset: string;
}

/** Reads the time zone and offset in force at `now`. */
export function describeTime(
  now: Date,
  timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
): CaptureTime {
  return {
    capturedAt: now.toISOString(),
    timeZone: timeZone || 'UTC',
    utcOffset: formatOffset(-now.getTimezoneOffset()),
  };
}

/** Minutes east of UTC as `+hh:mm` / `-hh:mm`. */
export function formatOffset(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const abs = Math.abs(minutesEast);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
