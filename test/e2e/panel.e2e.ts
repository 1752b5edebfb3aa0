import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { captureInPanel as captureWith, panelDialog } from './panel-frame';
import { inspectImage, latestRecord } from './stored';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
let page: Page;
let dialog: Locator;
withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  const tab = await openTab(b);
  page = tab.page;
  await page.goto(`${site.origin}/long.html`);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  const closed = popup.page.waitForEvent('close');
  await popup.page.getByRole('button', { name: /Capture on the page/ }).click();
  await closed;
  dialog = await panelDialog(page);
});

/** The panel's dialog, in its extension-origin frame. */
const panel = () => dialog;
const captureInPanel = () => captureWith(dialog);

async function drag(from: [number, number], to: [number, number]) {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2);
  await page.mouse.move(...to);
  await page.mouse.up();
}

describe('on-page panel', () => {
  it('opens from the popup inside the page and captures without appearing in the image', async () => {
    await panel().waitFor();
    // Like a dialog, the panel has the keyboard when it opens: typing goes to its control search.
    const search = panel().getByLabel('Find controls by ID or words');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('A.8.15');
    await expect(search.inputValue()).resolves.toBe('A.8.15');
    await search.press('Enter');
    await captureInPanel();
    const record = await latestRecord(b);
    expect(record.captureMode).toBe('visible');
    const dpr = record.devicePixelRatio;
    // The panel sits over the magenta header at the top right; the image must show only the header there.
    const img = await inspectImage(b, record.id, {
      countRowsAtX: record.image.width - Math.round(60 * dpr),
      rowColor: [255, 0, 255],
    });
    expect(img.matchingRows).toBe(Math.round(60 * dpr));
    // One host (a div after the body, marked by nothing the page could copy), and the page cannot
    // see into it: a closed shadow root holding the frame.
    await expect(
      page.evaluate(() =>
        [...document.documentElement.children]
          .filter((el) => el.localName === 'div')
          .map((el) => el.shadowRoot),
      ),
    ).resolves.toEqual([null]);
    await expect(page.evaluate(() => document.querySelectorAll('[data-prooftrail-ui]').length)).resolves.toBe(
      0,
    );
  });

  it('captures a dragged region, cropped exactly', async () => {
    await panel().getByRole('radio', { name: 'Region' }).check();
    await panel().getByRole('button', { name: 'Draw region' }).click();
    await drag([100, 100], [300, 250]);
    await panel().getByText('200×150 px').waitFor();
    await captureInPanel();
    const record = await latestRecord(b);
    expect(record).toMatchObject({ captureMode: 'region', method: 'crop' });
    expect(record.image.width).toBe(Math.round(200 * record.devicePixelRatio));
    expect(record.image.height - (record.banner?.height ?? 0)).toBe(
      Math.round(150 * record.devicePixelRatio),
    );
  });

  it('captures an element picked by clicking it', async () => {
    await panel().getByRole('radio', { name: 'Element' }).check();
    await panel().getByRole('button', { name: 'Pick element' }).click();
    await page.mouse.move(200, 30);
    await page.mouse.down();
    await page.mouse.up();
    await panel().getByText('header', { exact: true }).waitFor();
    await captureInPanel();
    const record = await latestRecord(b);
    expect(record).toMatchObject({ captureMode: 'element', method: 'crop' });
    expect(record.image.height - (record.banner?.height ?? 0)).toBe(Math.round(60 * record.devicePixelRatio));
  });

  it('burns a drawn black-out box into the image', async () => {
    await panel().getByRole('radio', { name: 'Visible area' }).check();
    await panel().getByRole('button', { name: 'Draw boxes' }).click();
    await drag([400, 200], [600, 300]);
    await panel().getByRole('button', { name: 'Clear (1)' }).waitFor();
    await captureInPanel();
    const record = await latestRecord(b);
    const manual = record.redactions.filter((r) => r.rule === 'manual');
    expect(manual).toHaveLength(1);
    const m = manual[0]!;
    const img = await inspectImage(b, record.id, {
      solid: [{ x: m.x + 2, y: m.y + 2, width: m.width - 4, height: m.height - 4 }],
    });
    expect(img.solid).toEqual([true]);
  });
});
