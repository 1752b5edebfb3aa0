import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BUILD_DIRS } from '../../node/automation/build-extension';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { openPanelFromPopup, panelFrame } from './panel-frame';
import { tempDir, withSiteAndBrowser } from './support';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (evaluate bypasses the extension's CSP) and returns every violation, of any impact. */
async function violations(page: Page | Frame): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return found.map(
    (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

describe('accessibility (axe-core: no violations of any impact)', () => {
  it('popup, first run and after a capture', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.page.getByRole('form', { name: 'Capturer identity' }).waitFor();
    expect(await violations(popup.page)).toEqual([]);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.5.18', 'CC6.3']);
    await popup.capture();
    expect(await violations(popup.page)).toEqual([]);
    await popup.page.close();
  });

  it('on-page panel, in its frame', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const panel = await openPanelFromPopup(b, tab);
    await panel.getByRole('radio', { name: 'Region' }).check();
    expect(await violations(await panelFrame(tab.page))).toEqual([]);
    await panel.getByRole('radio', { name: 'Element' }).check();
    await panel.getByRole('button', { name: 'Pick element' }).waitFor();
    expect(await violations(await panelFrame(tab.page))).toEqual([]);
    await tab.page.close();
  });

  it('library, list and detail view', async () => {
    const lib = await LibraryPage.open(b);
    await lib.page.locator('section.group').first().waitFor();
    expect(await violations(lib.page)).toEqual([]);
    await lib.page.locator('.card-button').first().click();
    await lib.page.getByRole('dialog').waitFor();
    expect(await violations(lib.page)).toEqual([]);
    // The deletion's confirmation, with the reason it asks for.
    await lib.page.getByRole('button', { name: 'Delete…' }).click();
    await lib.page.getByRole('form', { name: 'Confirm deletion' }).waitFor();
    expect(await violations(lib.page)).toEqual([]);
    await lib.page.keyboard.press('Escape');
    // The import dialog, with a refused file and its report.
    const junk = join(tempDir('a11y'), 'not-a-bundle.zip');
    writeFileSync(junk, 'not a zip');
    expect((await lib.importBundle(junk)).ok).toBe(false);
    expect(await violations(lib.page)).toEqual([]);
    await lib.page.close();
  });

  it('library: requests and recipes', async () => {
    const lib = await LibraryPage.open(b, 'requests');
    await lib.page.getByRole('tabpanel', { name: 'Requests' }).getByRole('heading').first().waitFor();
    expect(await violations(lib.page)).toEqual([]);
    await lib.showView('Recipes');
    await lib.page.getByRole('tabpanel', { name: 'Recipes' }).getByRole('heading').first().waitFor();
    expect(await violations(lib.page)).toEqual([]);
    await lib.page.close();
  });

  it('the verify page a bundle carries', async () => {
    const viewer = join(tempDir('a11y'), 'verify.html');
    copyFileSync(join(BUILD_DIRS.automation, 'viewer/verify.html.txt'), viewer);
    const page = await b.context.newPage();
    await page.goto(`file://${viewer}`);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('library coverage: empty, grid, a cell’s captures, the export dialog', async () => {
    const lib = await LibraryPage.open(b, 'coverage');
    const coverage = await lib.coverage();
    await coverage.ready();
    expect(await violations(lib.page)).toEqual([]);
    const csv = join(tempDir('a11y'), 'cadences.csv');
    writeFileSync(
      csv,
      'control,cadence,owner,sensitivity\nA.5.18,monthly,Dana Reyes <dana@example.test>,every-period\nA.8.32,weekly,,most-recent\n',
    );
    const today = new Date().toISOString().slice(0, 10);
    const r = await coverage.importCadences(csv, {
      from: `${today.slice(0, 4)}-01-01`,
      to: `${today.slice(0, 4)}-12-31`,
      timeZone: 'UTC',
    });
    expect(r.ok).toBe(true);
    // The grid draws the periods near its visible part: scrolled to the present one.
    await (await coverage.showCell('button.cell[data-status="present"]')).click();
    await lib.page.locator('.cell-captures').waitFor();
    // A failed import lists its problems: that state too.
    writeFileSync(csv, 'control,cadence,owner,sensitivity\nZ.9,monthly,,every-period\n');
    expect((await coverage.importCadences(csv)).ok).toBe(false);
    expect(await violations(lib.page)).toEqual([]);
    await lib.openDialog('export');
    expect(await violations(lib.page)).toEqual([]);
    await lib.page.close();
  });

  it('settings', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByRole('heading', { name: 'Control catalogs' }).waitFor();
    expect(await violations(page)).toEqual([]);
    // A refused identity shows its alert.
    await page.getByLabel('Your email').fill('not an address');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.locator('.identity-form').getByRole('alert').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
