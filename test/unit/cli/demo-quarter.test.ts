import { describe, expect, it } from 'vitest';
import { DEMO_SCREENS, demoPeriod, demoTargets } from '../../../node/cli/demo-command';

describe('the demo spans a quarter', () => {
  it.each([
    ['2026-11-30T10:00:00Z', '2026-09-01', '2026-11-30'],
    ['2027-01-02T10:00:00Z', '2026-11-01', '2027-01-31'],
    ['2028-03-01T00:00:00Z', '2028-01-01', '2028-03-31'],
  ])('on %s the audit period is %s to %s', (now, from, to) => {
    expect(demoPeriod(new Date(now))).toEqual({ from, to });
  });

  it('dates every capture inside the period and never after today, with gaps to show', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const period = demoPeriod(now);
    const targets = demoTargets('http://demo', period, now);
    const dates = targets.map((t) => t.effectiveDate!);
    expect(dates.every((d) => d >= period.from && d <= '2026-11-30')).toBe(true);
    const reviews = targets.filter((t) => t.url.endsWith(DEMO_SCREENS[0]!.path)).map((t) => t.effectiveDate);
    expect(reviews).toEqual(['2026-09-04', '2026-10-04']); // November's review is still due
    const logs = targets.filter((t) => t.url.endsWith('/activity-log.html')).map((t) => t.effectiveDate);
    expect(logs).toHaveLength(11); // 13 weeks begun two days or more ago, two of them missed
    expect(logs).not.toContain('2026-09-24');
  });
});
