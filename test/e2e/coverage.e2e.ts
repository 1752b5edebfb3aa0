import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CoverageDriver, LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { tempDir, withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
const dir = tempDir('coverage');

/**
 * Months around the capture's day (UTC): the audit period runs from 3 months before that month to
 * 2 after, and the grid is read as of the end of that day, so no assertion depends on the clock.
 */
let today = '';
const monthStart = (k: number) => {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.toISOString().slice(0, 10);
};
let from = '';
let to = '';

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  const tab = await openTab(b);
  await tab.page.goto(`${site.origin}/review.html`);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.pickControls(['A.5.18']);
  await popup.capture();
  today = ((await popup.page.locator('.saved time').getAttribute('datetime')) ?? '').slice(0, 10);
  from = monthStart(-3);
  to = new Date(Date.parse(`${monthStart(3)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await popup.page.close();
  await tab.page.close();
});

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('the library opens on coverage', () => {
  let library: LibraryPage;
  let coverage: CoverageDriver;

  it('says what to do when nothing is scheduled, and refuses a bad cadence file whole', async () => {
    library = await LibraryPage.open(b, 'coverage');
    const page = library.page;
    // Coverage is the first tab, selected on opening.
    await expect(page.getByRole('tab', { name: 'Coverage' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await page.getByText(/Nothing is scheduled yet/).waitFor();
    coverage = await library.coverage();

    const bad = file(
      'bad.csv',
      [
        'control,cadence,owner,sensitivity',
        'A.5.18,monthly,Dana Reyes <dana@example.test>,every-period',
        'Z.1.1,monthly,,every-period',
        'A.8.32,hourly,,most-recent',
      ].join('\n'),
    );
    const refused = await coverage.importCadences(bad, { from, to, timeZone: 'UTC' });
    expect(refused.ok).toBe(false);
    expect(refused.text).toBe('bad.csv was refused and nothing was imported: 2 problems.');
    expect(refused.lines).toEqual([
      'bad.csv, line 3: control "Z.1.1" is in no catalog (built-in or imported)',
      expect.stringMatching(/^bad\.csv, line 4: "hourly" is not a cadence/),
    ]);
    // Nothing stored: the good row of the refused file is not scheduled either.
    await expect(page.locator('.schedules-table').count()).resolves.toBe(0);
    await page.getByText(/Nothing is scheduled yet/).waitFor();

    // An OSCAL Assessment Plan with a sub-day frequency: refused, the task named by its path.
    const plan = file(
      'plan.json',
      JSON.stringify({
        'assessment-plan': {
          uuid: 'a0000000-0000-4000-8000-000000000001',
          metadata: { title: 'Plan' },
          'local-definitions': {
            activities: [
              {
                uuid: 'act-1',
                title: 'Access review',
                'related-controls': {
                  'control-selections': [{ 'include-controls': [{ 'control-id': 'a.5.18' }] }],
                },
              },
            ],
          },
          tasks: [
            {
              uuid: 't-1',
              type: 'action',
              title: 'Hourly scan',
              timing: { 'at-frequency': { period: 1, unit: 'hours' } },
              'associated-activities': [{ 'activity-uuid': 'act-1' }],
            },
          ],
        },
      }),
    );
    const oscal = await coverage.importCadences(plan);
    expect(oscal.ok).toBe(false);
    expect(oscal.lines).toEqual([
      'plan.json, $.assessment-plan.tasks[0] (task "Hourly scan"): every 1 hours is shorter than a day: coverage counts whole days (use days, months or years)',
    ]);
    await page.getByText(/Nothing is scheduled yet/).waitFor();

    // Only one end of the period: refused next to the field, nothing read.
    const half = await coverage.importCadences(bad, { from, to: '' });
    expect(half.fieldErrors).toEqual(['give the last day with the first, or neither']);
  });

  it('imports cadences with an audit period and shows statuses, counts and captures per cell', async () => {
    const good = file(
      'cadences.csv',
      [
        'Control,Cadence,Owner,Sensitivity,Tolerance',
        'A.5.18,monthly,Dana Reyes <dana@example.test>,every-period,0',
        'A.8.32,monthly,Sam Lee <sam@example.test>,most-recent,7',
      ].join('\n'),
    );
    const r = await coverage.importCadences(good, { from, to, timeZone: 'UTC' });
    expect(r).toMatchObject({ ok: true, fieldErrors: [] });
    expect(r.text).toBe(
      `Imported 2 schedules from cadences.csv (ISO/IEC 27001:2022); audit period ${from} to ${to} (UTC).`,
    );
    const soc = file('soc.csv', 'control,cadence,owner,sensitivity\nCC6.1,quarterly,,every-period\n');
    expect((await coverage.importCadences(soc)).ok).toBe(true);

    const page = library.page;
    await page
      .getByRole('form', { name: 'Coverage filters' })
      .getByLabel(/^As of/)
      .fill(today);
    // A framework with schedules but no audit period says what to do.
    await page
      .locator('.no-period')
      .getByText('SOC 2 (TSC 2017) has 1 scheduled control but no audit period')
      .waitFor();
    await page.getByText(`audit period ${from} to ${to} (UTC), as of ${today} 23:59:59+00:00`).waitFor();
    const [grid, ...others] = await coverage.grids();
    expect(others).toEqual([]);
    expect(grid!.framework).toBe('ISO/IEC 27001:2022');
    const byControl = Object.fromEntries(grid!.rows.map((row) => [row.control, row.cells]));
    // Every month of the audit period, oldest first: three past months without evidence are late
    // (the audit period still runs), this month holds today's capture, the next two are upcoming.
    expect(byControl['A.5.18']!.map((c) => [c.from, c.status])).toEqual([
      [monthStart(-3), 'late'],
      [monthStart(-2), 'late'],
      [monthStart(-1), 'late'],
      [monthStart(0), 'present'],
      [monthStart(1), 'upcoming'],
      [monthStart(2), 'upcoming'],
    ]);
    expect(byControl['A.5.18']![3]!.text).toContain('present (1 capture)');
    // Most recent only: this month, nothing captured yet, within its period: due.
    expect(byControl['A.8.32']!.map((c) => c.status)).toEqual(['due']);
    expect(grid!.counts).toEqual({ present: 1, missing: 0, due: 1, late: 3, upcoming: 2 });

    // Red at a glance: late cells are red, present ones are not.
    const colour = async (status: string) =>
      (await coverage.showCell(`tr[data-control="A.5.18"] button.cell[data-status="${status}"]`)).evaluate(
        (el) => getComputedStyle(el).backgroundColor,
      );
    await expect(colour('late')).resolves.toBe('rgb(180, 35, 24)');
    await expect(colour('present')).resolves.not.toBe('rgb(180, 35, 24)');

    // A click lists the cell's captures; one opens the capture's detail.
    await (
      await coverage.showCell(`tr[data-control="A.5.18"] button.cell[data-from="${monthStart(0)}"]`)
    ).click();
    const list = page.getByRole('region', { name: new RegExp(`A\\.5\\.18, ${monthStart(0)} to`) });
    await list.getByRole('button', { name: 'Quarterly access review' }).click();
    const detail = page.getByRole('dialog');
    await detail.getByText('metadataSha256').waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    await (
      await coverage.showCell(`tr[data-control="A.5.18"] button.cell[data-from="${monthStart(-1)}"]`)
    ).click();
    await page.getByText('No capture counts for this period.').waitFor();
  });

  it('filters by owner and status, and counts what is shown', async () => {
    const page = library.page;
    const filters = page.getByRole('form', { name: 'Coverage filters' });
    await filters.getByLabel('Status').selectOption('due');
    let [grid] = await coverage.grids();
    expect(grid!.rows.map((r) => r.control)).toEqual(['A.8.32']);
    expect(grid!.counts).toEqual({ present: 0, missing: 0, due: 1, late: 0, upcoming: 0 });
    await filters.getByLabel('Status').selectOption('');
    await filters.getByLabel('Owner').selectOption({ label: 'Dana Reyes <dana@example.test>' });
    [grid] = await coverage.grids();
    expect(grid!.rows.map((r) => r.control)).toEqual(['A.5.18']);
    await filters.getByLabel('Owner').selectOption('');
    await filters.getByLabel('Framework').selectOption('SOC 2 (TSC 2017)');
    await expect(coverage.grids()).resolves.toEqual([]);
    await filters.getByLabel('Framework').selectOption('');
    // As of a day after the audit period: what was late is now missing.
    await filters.getByLabel(/^As of/).fill(monthStart(4));
    [grid] = await coverage.grids();
    expect(grid!.counts).toEqual({ present: 1, missing: 6, due: 0, late: 0, upcoming: 0 });
    await filters.getByLabel(/^As of/).fill(today);
  });

  it('edits a schedule and an audit period, with errors next to the fields', async () => {
    const page = library.page;
    await page.getByRole('button', { name: 'Edit the schedule of A.8.32' }).click();
    const form = page.getByRole('form', { name: 'Schedule a control' });
    await form.getByLabel(/^Cadence/).fill('hourly');
    await form.getByLabel('Tolerance before late (days)').fill('-1');
    await form.getByLabel('Owner’s e-mail').fill('');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await expect(form.locator('#sched-cadence-error').textContent()).resolves.toMatch(
      /^expected on-event, daily/,
    );
    await expect(form.locator('#sched-tolerance-error').textContent()).resolves.toBe(
      'enter whole days from 0 to 366',
    );
    await expect(form.locator('#sched-email-error').textContent()).resolves.toBe(
      'give the owner’s e-mail with the name, or neither',
    );
    await expect(form.getByLabel(/^Cadence/).getAttribute('aria-invalid')).resolves.toBe('true');
    await form.getByLabel(/^Cadence/).fill('P2W');
    await form.getByLabel('Tolerance before late (days)').fill('3');
    await form.getByLabel('Owner’s e-mail').fill('sam@example.test');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Saved the schedule of A.8.32 (ISO/IEC 27001:2022).').waitFor();
    await expect(page.locator('.schedules-table tr[data-control="A.8.32"]').innerText()).resolves.toContain(
      'P2W',
    );

    // An unknown control is named next to its field.
    await form.getByLabel('Control ID').fill('NOPE-1');
    await form.getByLabel(/^Cadence/).fill('monthly');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await form.getByText('control "NOPE-1" is in no catalog (built-in or imported)').waitFor();

    const period = page.getByRole('form', { name: 'Audit period' });
    await period.getByLabel('Framework').selectOption('SOC 2 (TSC 2017)');
    await period.getByLabel('First day of the audit').fill(to);
    await period.getByLabel('Last day of the audit').fill(from);
    await period.getByLabel(/^Time zone/).fill('Mars/Olympus');
    await period.getByRole('button', { name: 'Save audit period' }).click();
    await period.getByText('the period ends before it starts').waitFor();
    await period.getByText('expected an IANA time zone such as Europe/Berlin or UTC').waitFor();
    await period.getByLabel('First day of the audit').fill(from);
    await period.getByLabel('Last day of the audit').fill(to);
    await period.getByLabel(/^Time zone/).fill('Europe/Berlin');
    await period.getByRole('button', { name: 'Save audit period' }).click();
    await page
      .getByText(`Saved the audit period of SOC 2 (TSC 2017): ${from} to ${to} (Europe/Berlin).`)
      .waitFor();
    await expect(page.locator('.no-period').count()).resolves.toBe(0);
    await expect((await coverage.grids()).map((g) => g.framework)).toEqual([
      'ISO/IEC 27001:2022',
      'SOC 2 (TSC 2017)',
    ]);

    await page.getByRole('button', { name: 'Remove the schedule of CC6.1' }).click();
    await page.getByText('Removed the schedule of CC6.1.').waitFor();
    await expect((await coverage.grids()).map((g) => g.framework)).toEqual(['ISO/IEC 27001:2022']);
  });

  it('opens at library.html#control=ID on that control’s row, highlighted', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/library.html#control=A.8.32`);
    const row = page.locator('section.coverage-grid tr[data-control="A.8.32"]');
    await row.waitFor();
    await expect(row.getAttribute('class')).resolves.toMatch(/\bhighlight\b/);
    await expect(page.locator('tr.highlight').count()).resolves.toBe(1);
    await expect(
      page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-control')),
    ).resolves.toBe('A.8.32');
    await page.close();
  });

  it('keeps the evidence list and the export and import forms reachable', async () => {
    const page = library.page;
    await page.getByRole('tab', { name: 'Coverage' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'All evidence' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await page.locator('section.group[data-control="A.5.18"]').waitFor();
    await page.getByRole('button', { name: 'Export A.5.18…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export evidence' });
    await dialog.getByText(/1 captures, about/).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Import a bundle…' }).click();
    await page
      .getByRole('dialog', { name: 'Import a teammate’s bundle' })
      .getByLabel('Bundle (.zip)')
      .waitFor();
    await page.keyboard.press('Escape');
    await page.reload();
    // The view is kept in the address.
    await page.locator('section.group[data-control="A.5.18"]').waitFor();
  });

  it('draws a year of daily periods for every control a screen at a time; the last cell opens its captures', async () => {
    // A capture tagged to the last control of the grid, A.8.34.
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.pickControls(['A.8.34']);
    await popup.capture();
    await popup.page.close();
    await tab.page.close();

    // Every Annex A control of ISO/IEC 27001:2022 daily over the 365 days ending today: 93 × 365 cells.
    const ids = [
      ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
      ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
      ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
    ];
    const first = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
    const daily = file(
      'daily.csv',
      ['control,cadence,owner,sensitivity', ...ids.map((id) => `${id},daily,,every-period`)].join('\n'),
    );
    const lib = await LibraryPage.open(b, 'coverage');
    const page = lib.page;
    const cov = await lib.coverage();
    expect((await cov.importCadences(daily, { from: first, to: today, timeZone: 'UTC' })).ok).toBe(true);
    await page
      .getByRole('form', { name: 'Coverage filters' })
      .getByLabel(/^As of/)
      .fill(today);
    const section = page.locator('section.coverage-grid[data-framework="ISO/IEC 27001:2022"]');
    await section
      .getByText(`audit period ${first} to ${today} (UTC), as of ${today} 23:59:59+00:00`)
      .waitFor();
    const grid = section.getByRole('grid');
    await expect(grid.getAttribute('aria-rowcount')).resolves.toBe(String(ids.length + 1));
    await expect(grid.getAttribute('aria-colcount')).resolves.toBe(String(3 + 365));
    // Counts are of every period, drawn or not: two present (today's captures of A.5.18 and A.8.34).
    const counts = await section
      .locator('.status-counts li')
      .evaluateAll((li) => li.map((l) => Number(l.getAttribute('data-count'))));
    expect(counts.reduce((x, y) => x + y, 0)).toBe(ids.length * 365);
    await expect(
      section.locator('.status-counts [data-status="present"]').getAttribute('data-count'),
    ).resolves.toBe('2');
    /** Scrolls the grid's box; resolves once the box says its drawn cells are for that position. */
    const scrollTo = async (where: 'start' | 'end') => {
      const key = await grid.evaluate((el, w) => {
        el.scrollTop = w === 'end' ? el.scrollHeight : 0;
        el.scrollLeft = w === 'end' ? el.scrollWidth : 0;
        return `${Math.round(el.scrollTop)},${Math.round(el.scrollLeft)}`;
      }, where);
      await expect.poll(() => grid.getAttribute('data-view')).toBe(key);
    };
    // A screenful is drawn, not the 33,945 cells: the first row and period, not the last.
    await scrollTo('start');
    const drawn = await grid.locator('button.cell').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(2_000);
    await expect(grid.locator('tr[data-control="A.8.34"]').count()).resolves.toBe(0);
    await grid.locator(`tr[data-control="A.5.1"] button.cell[data-from="${first}"]`).waitFor();

    // Scrolled to the end: the last control's last period, today, holds the capture.
    await scrollTo('end');
    const last = grid.locator(`tr[data-control="A.8.34"] button.cell[data-from="${today}"]`);
    await expect(last.getAttribute('data-status')).resolves.toBe('present');
    await expect(last.locator('xpath=..').getAttribute('aria-colindex')).resolves.toBe(String(3 + 365));
    await expect(last.locator('xpath=../..').getAttribute('aria-rowindex')).resolves.toBe(
      String(ids.length + 1),
    );
    // The first rows are gone but for the first control's header, the grid's tab stop.
    await expect(grid.locator('tr[data-control="A.5.2"]').count()).resolves.toBe(0);
    await expect(grid.locator('tr[data-control="A.5.1"] button.cell').count()).resolves.toBe(0);
    await expect(grid.locator('tr[data-control="A.5.1"] th').getAttribute('tabindex')).resolves.toBe('0');
    await last.click();
    const list = page.getByRole('region', { name: new RegExp(`A\\.8\\.34, ${today} to ${today}: present`) });
    await list.getByRole('button', { name: 'Quarterly access review' }).click();
    await page.getByRole('dialog').getByText('metadataSha256').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // The keyboard: Ctrl+Home goes to the first control, Ctrl+End to the last cell; the focused cell
    // stays in the page (and focused) when the box is scrolled away from it.
    await last.focus();
    await page.keyboard.press('Control+Home');
    await expect(
      page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-control')),
    ).resolves.toBe('A.5.1');
    await page.keyboard.press('ArrowRight');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-colindex'))).resolves.toBe(
      '2',
    );
    await page.keyboard.press('Control+End');
    const focused = () =>
      page.evaluate(() => ({
        control: document.activeElement?.closest('tr')?.getAttribute('data-control'),
        from: document.activeElement?.getAttribute('data-from'),
      }));
    await expect(focused()).resolves.toEqual({ control: 'A.8.34', from: today });
    await scrollTo('start');
    await expect(focused()).resolves.toEqual({ control: 'A.8.34', from: today });
    await expect(grid.locator('[tabindex="0"]').count()).resolves.toBe(1);
    await page.close();
  });
});
