// index.html's audit-period coverage: per framework, each control's periods with their status as
// words and as a colour, and the captures counted. Text only, every value escaped.

import { anchorId, escapeHtml as e } from './html-escape';
import {
  NO_CADENCE,
  type ReportControlCoverage,
  type ReportCoverage,
  type ReportCoveragePeriod,
  type ReportCoverageStatus,
} from './model';

/** Styles of the section (status colours keep their word beside them: colour is never the only cue). */
export const COVERAGE_STYLE = `
table.periods td{vertical-align:top}
ul.cells{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
ul.cells li{border:1px solid #c9d1d9;border-radius:4px;padding:.1rem .35rem;font-size:13px;white-space:nowrap}
.st-present{background:#e6f4ea;color:#14532d;border-color:#86c59a}
.st-missing{background:#fde8e8;color:#a11;border-color:#e59b9b;font-weight:600}
.st-late{background:#fde8e8;color:#a11;border-color:#e59b9b;font-weight:600}
.st-due{background:#fff4d6;color:#7a4b00;border-color:#e6c36a}
.st-upcoming{background:#f3f4f6;color:#4a5562}
.st-none{background:#f3f4f6;color:#4a5562;font-style:italic}
`;

const CLASS: Record<ReportCoverageStatus, string> = {
  present: 'st-present',
  missing: 'st-missing',
  late: 'st-late',
  due: 'st-due',
  upcoming: 'st-upcoming',
  [NO_CADENCE]: 'st-none',
};

/** The section, or '' when the bundle states no coverage. `anchorOf` links a control to its evidence. */
export function coverageSection(
  coverage: ReportCoverage | undefined,
  anchorOf: (controlId: string) => string | undefined,
): string {
  if (!coverage) return '';
  const parts = coverage.frameworks.map((f) => {
    const counts = new Map<ReportCoverageStatus, number>();
    for (const c of f.controls)
      for (const p of c.periods) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
    const summary = [...counts].map(([s, n]) => `<li class="${CLASS[s]}">${e(s)}: ${n}</li>`).join('');
    const id = anchorId('coverage-', f.framework);
    return `<h3 id="${e(id)}" dir="auto">${e(f.framework)}</h3>
<p>Audit period ${e(f.period.from)} to ${e(f.period.to)} (${e(f.period.timeZone)}), as of ${e(coverage.asOf)}.</p>
<ul class="cells" aria-label="Periods by status">${summary}</ul>
<div class="scroll"><table class="periods">
<thead><tr><th scope="col">Control</th><th scope="col">Cadence</th><th scope="col">Owner</th><th scope="col">Periods: status (captures)</th></tr></thead>
<tbody>
${f.controls.map((c) => controlRow(c, f.period.timeZone, anchorOf(c.id))).join('\n')}
</tbody>
</table></div>`;
  });
  return `<section aria-labelledby="period-coverage-h">
<h2 id="period-coverage-h">Coverage over the audit period</h2>
<p>Each control’s periods within its framework’s audit period, with the number of captures <em>in this bundle</em> that count for each: a capture counts in the period holding its activity date when it has one, else its signed capture time. Statuses: present (evidence counted), due (under way or within the tolerance after it), late (past the tolerance while the audit period runs), missing (past it after the audit period closed), upcoming (not started), no cadence set (the control has no schedule). coverage.csv holds the same rows with the capture IDs.</p>
${parts.join('\n')}
</section>`;
}

function controlRow(c: ReportControlCoverage, zone: string, anchor: string | undefined): string {
  const name = anchor
    ? `<a href="#${e(anchor)}" dir="auto">${e(c.id)}</a>`
    : `<span dir="auto">${e(c.id)}</span>`;
  const s = c.schedule;
  const cadence = s
    ? `${e(s.cadence)}<br><span class="muted">${e(s.sensitivity)}</span>`
    : '<span class="muted">—</span>';
  const owner = s?.owner
    ? `<span dir="auto">${e(s.owner.name)}</span><br><span class="muted" dir="auto">${e(s.owner.email)}</span>`
    : '<span class="muted">—</span>';
  return `<tr><th scope="row">${name}</th><td>${cadence}</td><td>${owner}</td><td><ul class="cells">${c.periods.map((p) => cell(p, zone)).join('')}</ul></td></tr>`;
}

function cell(p: ReportCoveragePeriod, zone: string): string {
  const days = `${p.start.slice(0, 10)} to ${lastDay(p.end, zone)}`;
  return `<li class="${CLASS[p.status] ?? ''}" title="${e(`${p.start} to ${p.end} (end exclusive)`)}">${e(days)}: ${e(p.status)} (${p.captureIds.length})</li>`;
}

/**
 * The last local day of a period whose exclusive end is `end`: the date, in `zone`, of the instant
 * just before it (so a period ending where a daylight-saving change skips midnight still ends on
 * the day before). The end's own date less one day when the zone is not one this runtime knows.
 */
export function lastDay(end: string, zone: string): string {
  const t = Date.parse(end);
  if (Number.isNaN(t)) return end;
  try {
    return dayFormat(zone).format(new Date(t - 1));
  } catch {
    const d = new Date(`${end.slice(0, 10)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return Number.isNaN(d.getTime()) ? end : d.toISOString().slice(0, 10);
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** `YYYY-MM-DD` in a zone (en-CA writes dates so); throws RangeError for an unknown zone. */
function dayFormat(zone: string): Intl.DateTimeFormat {
  let f = dayFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(zone, f);
  }
  return f;
}
