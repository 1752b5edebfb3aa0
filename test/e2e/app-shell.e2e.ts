import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CaptureMetadataV2 } from '../../lib/formats/capture-metadata';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { columnRuns, markerCounts, notOnce, runsOf } from './markers';
import { captureInPanel, openPanelFromPopup } from './panel-frame';
import { latestRecord } from './stored';
import { expectExit, runCli, tempDir, withSiteAndBrowser } from './support';

// Issue 11: full page on app shells (the document does not scroll, a main pane does). The
// fixture (fixtures/app-shell.html) gives every row a marker square whose colour encodes its
// number, and the header and navigation one square each: counted in the stored PNG.

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

/** Columns (CSS px) of the fixture's markers: shell squares, the pane's rows, the inner table's rows. */
const SHELL_X = 19;
const ROW_X = 215;
const INNER_X = 225;
const HEADER: [number, number, number] = [250, 7, 7];
const NAV: [number, number, number] = [7, 250, 7];
const TABLE_HEAD: [number, number, number] = [11, 7, 250];
/** The panel's outline of the pane full page will scroll (#0969da). */
const OUTLINE: [number, number, number] = [9, 105, 218];

async function fullPageThroughPopup(query: string, element?: string): Promise<CaptureMetadataV2> {
  const tab = await openTab(b);
  await tab.page.goto(`${site.origin}/app-shell.html?${query}`);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.pickControls(['A.5.18']);
  if (element) await popup.setMode('element', element);
  else await popup.setMode('full-page');
  await popup.capture();
  await popup.page.close();
  await tab.page.close();
  return latestRecord(b);
}

/**
 * Marker runs in the columns of the shell, the rows and the inner table, for a stored capture or
 * PNG bytes; `left` is where the image starts on the page (the pane's left edge for element capture).
 */
async function scan(
  source: { captureId: string } | { png: Uint8Array },
  dpr: number,
  markerCss = 20,
  left = 0,
) {
  const [shell, rows, inner] = await columnRuns(
    b,
    source,
    [SHELL_X, ROW_X, INNER_X].map((x) => Math.max(0, Math.round((x - left) * dpr))),
    Math.floor(markerCss * dpr * 0.8),
  );
  return { shell: shell!, rows: rows!, inner: inner! };
}

describe('full page of an app shell', () => {
  it('stitches the main pane whole: every row once, the header and navigation once, and names the pane', async () => {
    const record = await fullPageThroughPopup('rows=160');
    expect(record).toMatchObject({ captureMode: 'full-page', method: 'scroll-stitch' });
    expect(record.scroller).toMatchObject({ element: '#main' });
    expect(record.scroller?.reason).toMatch(/largest/);
    const s = await scan({ captureId: record.id }, record.devicePixelRatio);
    expect(notOnce(markerCounts(s.rows), 160)).toEqual([]);
    expect(runsOf(s.shell, HEADER)).toBe(1);
    expect(runsOf(s.shell, NAV)).toBe(1);
    expect(runsOf(s.rows, TABLE_HEAD)).toBe(1);
  });

  it('nested scrollers: stitches the outer pane, and the inner table as it stands', async () => {
    const record = await fullPageThroughPopup('rows=120&nested=1');
    expect(record.scroller).toMatchObject({ element: '#main' });
    const s = await scan({ captureId: record.id }, record.devicePixelRatio);
    expect(notOnce(markerCounts(s.rows), 120)).toEqual([]);
    const inner = markerCounts(s.inner, 9);
    // The inner box (180 px) shows its first rows, each once; the rest of its table is not stitched in.
    for (let n = 1; n <= 5; n++) expect(inner.get(n), `inner row ${n}`).toBe(1);
    for (let n = 8; n <= 30; n++) expect(inner.get(n), `inner row ${n}`).toBeUndefined();
  });

  it('a virtualized grid of 2,000 rows: every row exactly once', async () => {
    const record = await fullPageThroughPopup('kind=virtual&rows=2000');
    expect(record.scroller).toMatchObject({ element: '#main' });
    const s = await scan({ captureId: record.id }, record.devicePixelRatio, 10);
    expect(notOnce(markerCounts(s.rows), 2000)).toEqual([]);
    expect(runsOf(s.shell, HEADER)).toBe(1);
  });

  it('a table header that sticks to the pane’s top appears once', async () => {
    const record = await fullPageThroughPopup('rows=160&sticky=1');
    const s = await scan({ captureId: record.id }, record.devicePixelRatio);
    expect(runsOf(s.rows, TABLE_HEAD)).toBe(1);
    expect(notOnce(markerCounts(s.rows), 160)).toEqual([]);
  });

  it('a pane that loads more rows when scrolled to its end: all of them, once', async () => {
    const record = await fullPageThroughPopup('kind=more&rows=210');
    const s = await scan({ captureId: record.id }, record.devicePixelRatio);
    expect(notOnce(markerCounts(s.rows), 210)).toEqual([]);
  });

  it('element capture of the pane: a virtualized grid’s 2,000 rows once, a sticky header once', async () => {
    const grid = await fullPageThroughPopup('kind=virtual&rows=2000', '#main');
    expect(grid).toMatchObject({
      captureMode: 'element',
      method: 'scroll-stitch',
      target: { selector: '#main' },
    });
    const g = await scan({ captureId: grid.id }, grid.devicePixelRatio, 10, 200);
    expect(notOnce(markerCounts(g.rows), 2000)).toEqual([]);
    const sticky = await fullPageThroughPopup('rows=160&sticky=1', '#main');
    const s = await scan({ captureId: sticky.id }, sticky.devicePixelRatio, 20, 200);
    expect(runsOf(s.rows, TABLE_HEAD)).toBe(1);
    expect(notOnce(markerCounts(s.rows), 160)).toEqual([]);
    // The shell is not part of an element capture.
    expect(runsOf(s.shell, HEADER)).toBe(0);
  });

  it('says so when nothing scrolls, and captures the viewport', async () => {
    const record = await fullPageThroughPopup('rows=4');
    expect(record.scroller).toMatchObject({ element: 'none' });
    expect(record.notices.join(' ')).toMatch(/Nothing on this page scrolls/);
    const s = await scan({ captureId: record.id }, record.devicePixelRatio);
    expect(notOnce(markerCounts(s.rows), 4)).toEqual([]);
  });

  it('the popup says which pane Full page will scroll, before capturing', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/app-shell.html?rows=160`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.setMode('full-page');
    await popup.page.getByText(/Full page will scroll the pane #main/).waitFor();
    await popup.page.close();
    await tab.page.close();
  });

  it('the panel says which pane full page will scroll, outlines it on the page (not in the image), and stitches it', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/app-shell.html?rows=160`);
    const panel = await openPanelFromPopup(b, tab);
    const search = panel.getByLabel('Find controls by ID or words');
    await search.fill('A.5.18');
    await search.press('Enter');
    const outlineRuns = async () => {
      const shot = await tab.page.screenshot();
      const [column] = await columnRuns(b, { png: shot }, [201], 3);
      return runsOf(column!, OUTLINE);
    };
    expect(await outlineRuns()).toBe(0);
    await panel.getByRole('radio', { name: 'Full page' }).check();
    await panel
      .getByText(/^Full page will scroll the pane #main, outlined on the page \(the largest scrolling pane/)
      .waitFor();
    await expect.poll(outlineRuns).toBeGreaterThan(3);
    await captureInPanel(panel);
    const record = await latestRecord(b);
    expect(record).toMatchObject({ captureMode: 'full-page', scroller: { element: '#main' } });
    const s = await scan({ captureId: record.id }, record.devicePixelRatio);
    expect(notOnce(markerCounts(s.rows), 160)).toEqual([]);
    expect(runsOf(s.shell, HEADER)).toBe(1);
    const [edge] = await columnRuns(
      b,
      { captureId: record.id },
      [Math.round(201 * record.devicePixelRatio)],
      3,
    );
    expect(runsOf(edge!, OUTLINE)).toBe(0);
    // Another mode: the outline goes.
    await panel.getByRole('radio', { name: 'Visible area' }).check();
    await expect.poll(outlineRuns).toBe(0);
    await tab.page.close();
  });

  it('the CLI stitches the pane whole with --full-page', async () => {
    const out = join(tempDir('app-shell'), 'shell.zip');
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/app-shell.html?rows=160`,
      '--control',
      'A.5.18',
      '--full-page',
      '--capturer',
      'A B <a@b.test>',
      '--out',
      out,
    ]);
    expectExit(r, 0);
    const entries = unzipSync(readFileSync(out));
    const [, meta] = Object.entries(entries).find(([n]) => n.endsWith('.json') && n.startsWith('controls/'))!;
    const record = JSON.parse(new TextDecoder().decode(meta)) as CaptureMetadataV2;
    expect(record.scroller).toMatchObject({ element: '#main' });
    const [, png] = Object.entries(entries).find(([n]) => n.endsWith('.png') && !n.includes('.thumb'))!;
    const s = await scan({ png }, record.devicePixelRatio);
    expect(notOnce(markerCounts(s.rows), 160)).toEqual([]);
    expect(runsOf(s.shell, HEADER)).toBe(1);
  });
});
