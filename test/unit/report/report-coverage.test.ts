import { describe, expect, it } from 'vitest';
import { lastDay } from '../../../lib/report/html-coverage';
import { renderIndexHtml } from '../../../lib/report/html-report';
import type { ReportCapture, ReportControl, ReportModel } from '../../../lib/report/model';
import { PROOFTRAIL_OSCAL_NS } from '../../../lib/report/oscal-ids';
import { captureObservation } from '../../../lib/report/oscal-observation';
import { reportBlocks } from '../../../lib/report/pdf-content';

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';

const capture: ReportCapture = {
  id: 'cap-1',
  capturedAt: '2026-07-08T09:00:00.000Z',
  effectiveDate: '2026-06-30',
  pageUrl: 'https://console.example/review',
  pageTitle: 'Review',
  capturer: { name: 'Ada', email: 'ada@example.com' },
  note: '',
  controlIds: ['A.5.18'],
  captureMode: 'visible',
  image: { width: 10, height: 10, sha256: 'a'.repeat(64) },
  metadataSha256: 'b'.repeat(64),
  paths: { image: 'controls/A.5.18/x.png', metadata: 'controls/A.5.18/x.json' },
  timestamp: { status: 'none' },
  imported: false,
};
const control: ReportControl = { id: 'A.5.18', framework: 'ISO', title: 'Access', captures: [capture] };

const model: ReportModel = {
  bundleName: 'b.zip',
  exportedAt: '2026-08-15T12:00:00.000Z',
  extensionVersion: '0.6.0',
  scopeLabel: 'All evidence',
  period: { from: '2026-01-01T00:00:00.000Z', to: '2026-08-15T12:00:00.000Z' },
  signers: [],
  controls: [control],
  deletions: [],
  coverage: {
    asOf: '2026-08-15T12:00:00.000Z',
    frameworks: [
      {
        framework: `ISO ${HOSTILE}`,
        period: { from: '2026-01-01', to: '2026-12-31', timeZone: 'Europe/Berlin' },
        controls: [
          {
            id: 'A.5.18',
            schedule: {
              cadence: 'quarterly',
              sensitivity: 'every-period',
              owner: { name: HOSTILE, email: 'o@example.com' },
              toleranceDays: 7,
            },
            periods: [
              {
                start: '2026-01-01T00:00:00+01:00',
                end: '2026-04-01T00:00:00+02:00',
                status: 'missing',
                captureIds: [],
              },
              {
                start: '2026-04-01T00:00:00+02:00',
                end: '2026-07-01T00:00:00+02:00',
                status: 'present',
                captureIds: ['cap-1'],
              },
            ],
          },
          {
            id: `X${HOSTILE}`,
            periods: [
              {
                start: '2026-01-01T00:00:00+01:00',
                end: '2027-01-01T00:00:00+01:00',
                status: 'no cadence set',
                captureIds: [],
              },
            ],
          },
        ],
      },
    ],
  },
};

describe('coverage and activity dates in the reports', () => {
  const html = renderIndexHtml(model);

  it('index.html shows each period’s status as a word and a colour, with its count, all text escaped', () => {
    expect(html).toContain(
      '<li class="st-missing" title="2026-01-01T00:00:00+01:00 to 2026-04-01T00:00:00+02:00 (end exclusive)">2026-01-01 to 2026-03-31: missing (0)</li>',
    );
    expect(html).toContain('2026-04-01 to 2026-06-30: present (1)');
    expect(html).toContain('2026-01-01 to 2026-12-31: no cadence set (0)');
    expect(html).toContain('<li class="st-missing">missing: 1</li>');
    // The control with evidence links to its section; the hostile one is text.
    expect(html).toContain('<a href="#control-A.5.18" dir="auto">A.5.18</a>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(html).not.toMatch(/<script/i);
  });

  it('index.html gives the activity date beside the signed capture time, not instead of it', () => {
    const card = html.slice(html.indexOf('<article class="card">'));
    const captured = card.indexOf(
      '<dt>Captured at</dt><dd><time datetime="2026-07-08T09:00:00.000Z">2026-07-08 09:00:00 UTC</time>',
    );
    const activity = card.indexOf('<dt>Activity date</dt><dd><time datetime="2026-06-30">2026-06-30</time>');
    expect(captured).toBeGreaterThan(0);
    expect(activity).toBeGreaterThan(captured);
  });

  it('names a period’s last day in its zone, also when it ends where a DST change skips midnight', () => {
    expect(lastDay('2026-04-01T00:00:00+02:00', 'Europe/Berlin')).toBe('2026-03-31');
    // Santiago skips 6 September 2026's midnight: the day starts at 01:00, the period before ends on the 5th.
    expect(lastDay('2026-09-06T01:00:00-03:00', 'America/Santiago')).toBe('2026-09-05');
    expect(lastDay('2027-01-01T00:00:00+01:00', 'Not/AZone')).toBe('2026-12-31');
  });

  it('without coverage, the section and its styles are absent', () => {
    const plain = renderIndexHtml({ ...model, coverage: undefined });
    expect(plain).not.toContain('Coverage over the audit period');
    expect(plain).not.toContain('.st-missing');
  });

  it('the PDF has coverage pages (status coloured by tone) and the activity date after the capture time', () => {
    const blocks = reportBlocks(model);
    expect(blocks).toContainEqual({
      kind: 'field',
      label: 'Periods',
      values: ['missing: 1, present: 1, no cadence set: 1'],
    });
    expect(blocks).toContainEqual({
      kind: 'field',
      label: '',
      values: ['2026-01-01 to 2026-03-31: missing (0)'],
      tone: 'alert',
    });
    expect(blocks).toContainEqual({ kind: 'field', label: `X${HOSTILE}`, values: ['no cadence set'] });
    const labels = blocks.flatMap((b) => (b.kind === 'field' ? [b.label] : []));
    expect(labels.indexOf('Activity date')).toBe(labels.indexOf('Captured at') + 1);
  });

  it('OSCAL observations carry the activity date as a ProofTrail prop and keep collected as the capture time', () => {
    const o = captureObservation(control, capture, 'party-uuid');
    expect(o.props).toContainEqual({ name: 'effective-date', ns: PROOFTRAIL_OSCAL_NS, value: '2026-06-30' });
    expect(o.collected).toBe('2026-07-08T09:00:00.000Z');
    const without = captureObservation(control, { ...capture, effectiveDate: undefined }, 'party-uuid');
    expect(without.props?.some((p) => p.name === 'effective-date')).toBe(false);
  });
});
