import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaptureMetadataV2 } from '../../lib/formats/capture-metadata';
import { openTab, PopupPage, SettingsPage, type TrackedTab } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { everythingStored, inspectImage, latestRecord, type Probe, storedPageText } from './stored';
import { withSiteAndBrowser } from './support';

/** Secrets on secrets.html that must reach no stored byte: values, split text, passwords. */
const SECRETS = ['splitabc42', 'inputval77', 'areaval88', 'shadowpw555', 'framepw444'];

let site: StaticServer;
let b: LaunchedBrowser;
let tab: TrackedTab;

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  const settings = await SettingsPage.open(b);
  await settings.saveRedactionRules({ patterns: 'sk_live_\\w+' });
  await settings.page.close();
  tab = await openTab(b);
  await tab.page.goto(`${site.origin}/secrets.html`);
  await tab.page.frameLocator('#same').locator('#frame-pw').waitFor();
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.page.close();
});

/** An element's box in image pixels of a visible-area capture, inset so edges do not count. */
async function probeOf(target: Locator, record: CaptureMetadataV2, inset = 3): Promise<Probe> {
  const box = await target.boundingBox();
  if (!box) throw new Error(`${target} has no box`);
  const scale = record.image.width / record.viewport.width;
  return {
    x: Math.round(box.x * scale) + inset,
    y: Math.round(box.y * scale) + inset,
    width: Math.max(1, Math.round(box.width * scale) - 2 * inset),
    height: Math.max(1, Math.round(box.height * scale) - 2 * inset),
  };
}

/** Sends a capture with drawn boxes, as the panel does, from an extension page. */
async function captureWithBoxes(boxes: { x: number; y: number; width: number; height: number }[]) {
  const popup = await PopupPage.open(b, tab);
  try {
    return await popup.page.evaluate(
      (data) => chrome.runtime.sendMessage({ id: 1, type: 'captureTab', data, timestamp: Date.now() }),
      { tabId: tab.tabId, controlIds: ['A.5.17'], note: '', manualRedactions: boxes },
    );
  } finally {
    await popup.page.close();
  }
}

describe('redaction reaches every part of the page', () => {
  it('masks secrets in input and textarea values, text split across spans, and passwords in an open shadow root and a same-origin frame', async () => {
    const popup = await PopupPage.open(b, tab);
    await popup.pickControls(['A.5.17']);
    await popup.capture();
    await popup.page.close();
    const record = await latestRecord(b);
    const rules = record.redactions.map((r) => r.rule);
    expect(rules.filter((r) => r === 'password-field')).toHaveLength(2);
    expect(rules.filter((r) => r === 'text-pattern').length).toBeGreaterThanOrEqual(3);

    const page = tab.page;
    // Playwright's CSS locators pierce open shadow roots; the frame is entered explicitly.
    const masked = [
      page.locator('#part1'),
      page.locator('#part2'),
      page.locator('#key-input'),
      page.locator('#key-area'),
      page.locator('#shadow-pw'),
      page.frameLocator('#same').locator('#frame-pw'),
    ];
    const probes = await Promise.all(masked.map((l) => probeOf(l, record)));
    const control = await probeOf(page.locator('#title'), record);
    const img = await inspectImage(b, record.id, { solid: [...probes, control] });
    expect(img.solid).toEqual([...masked.map(() => true), false]);

    const text = (await storedPageText(b, record.id)) ?? '';
    expect(text).toContain('Keys console');
    expect(text).toContain('Live key: [redacted] (rotate monthly)');
    // (The pattern itself is stored in the settings, so only the page text is searched for it.)
    expect(text).not.toContain('sk_live_');
    const dump = await everythingStored(b);
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(dump).not.toContain(secret);
    }
  });

  it('removes text under a drawn black-out box from the stored page text', async () => {
    const box = await tab.page.locator('#boxed').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    });
    const reply = await captureWithBoxes([box]);
    expect(reply?.res, JSON.stringify(reply)).toMatchObject({ ok: true });
    const record = await latestRecord(b);
    expect(record.redactions.some((r) => r.rule === 'manual')).toBe(true);
    const img = await inspectImage(b, record.id, {
      solid: [await probeOf(tab.page.locator('#boxed'), record)],
    });
    expect(img.solid).toEqual([true]);
    const text = (await storedPageText(b, record.id)) ?? '';
    expect(text).toContain('Keys console');
    // (The first capture, without the box, holds it: only this capture's text is checked.)
    expect(text).not.toContain('ACCT-BOXED-5150');
  });
});
