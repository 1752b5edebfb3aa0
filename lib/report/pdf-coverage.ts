import { lastDay } from './html-coverage';
import { NO_CADENCE, type ReportCoverage, type ReportCoverageStatus } from './model';
import type { ReportBlock } from './pdf-content';

const TONE: Record<ReportCoverageStatus, 'ok' | 'warn' | 'alert' | 'muted'> = {
  present: 'ok',
  due: 'warn',
  late: 'alert',
  missing: 'alert',
  upcoming: 'muted',
  [NO_CADENCE]: 'muted',
};

/**
 * The PDF's coverage pages: per framework its audit period and status counts, then each control
 * with its schedule and one line per period, the status in words (and coloured), with the number of
 * the bundle's captures counted for it.
 */
export function coverageBlocks(coverage: ReportCoverage): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'page' },
    { kind: 'heading', text: 'Coverage over the audit period' },
    {
      kind: 'text',
      text:
        `As of ${coverage.asOf}, counting only the captures in this bundle (coverage.csv lists their IDs). ` +
        'A capture counts in the period holding its activity date when it has one, else its signed capture time.',
      style: 'muted',
    },
  ];
  for (const f of coverage.frameworks) {
    const counts = new Map<ReportCoverageStatus, number>();
    for (const c of f.controls)
      for (const p of c.periods) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
    blocks.push(
      { kind: 'subheading', text: f.framework },
      {
        kind: 'field',
        label: 'Audit period',
        values: [`${f.period.from} to ${f.period.to} (${f.period.timeZone})`],
      },
      {
        kind: 'field',
        label: 'Periods',
        values: [[...counts].map(([s, n]) => `${s}: ${n}`).join(', ') || 'none'],
      },
    );
    for (const c of f.controls) {
      const s = c.schedule;
      const what = s
        ? [
            `${s.cadence}, ${s.sensitivity}`,
            s.owner ? `owner ${s.owner.name} <${s.owner.email}>` : 'no owner',
          ]
        : ['no cadence set'];
      blocks.push({ kind: 'field', label: c.id, values: [what.join(' · ')] });
      for (const p of c.periods)
        blocks.push({
          kind: 'field',
          label: '',
          values: [
            `${p.start.slice(0, 10)} to ${lastDay(p.end, f.period.timeZone)}: ${p.status} (${p.captureIds.length})`,
          ],
          tone: TONE[p.status],
        });
    }
  }
  return blocks;
}
