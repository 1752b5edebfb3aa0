import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import {
  aria,
  click,
  clickButton,
  type FirefoxSession,
  type FirefoxTab,
  fill,
  find,
  gotoExtensionPage,
  openExtensionPage,
  waitForText,
} from './firefox-driver';

/** The popup, opened in a window of its own and aimed at a tab with `?tab=`. */
export class FirefoxPopup {
  constructor(readonly page: Page) {}

  static async open(s: FirefoxSession, target: FirefoxTab): Promise<FirefoxPopup> {
    return new FirefoxPopup(await openExtensionPage(s, `popup.html?tab=${target.tabId}`));
  }

  /** Fills the first-run identity form when it is shown. */
  async ensureIdentity(name: string, email: string): Promise<void> {
    const shown = await waitForText(this.page, () => {
      if (document.querySelector('.identity-form')) return 'form';
      const buttons = [...document.querySelectorAll('button')];
      return buttons.some((b) =>
        /^Capture (visible area|full page|element)$/.test(b.textContent?.trim() ?? ''),
      )
        ? 'ready'
        : undefined;
    });
    if (shown === 'ready') return;
    await fill(this.page, aria('Your name'), name);
    await fill(this.page, aria('Your email'), email);
    await clickButton(this.page, 'Continue');
    await find(this.page, aria('Find controls by ID or words'));
  }

  /** Adds a control by typing its ID into the search and pressing Enter (the top match). */
  async pickControl(id: string): Promise<void> {
    await fill(this.page, aria('Find controls by ID or words'), id);
    await waitForText(
      this.page,
      () => document.querySelector('label.result .result-id')?.textContent ?? undefined,
    );
    await (await find(this.page, aria('Find controls by ID or words'))).press('Enter');
  }

  async setMode(label: 'Visible area' | 'Full page' | 'Element'): Promise<void> {
    await click(this.page, aria(label, 'radio'));
  }

  /** Presses capture and returns the short hash shown, or throws the popup's error. */
  async capture(): Promise<string> {
    await clickButton(this.page, /^Capture (visible area|full page|element)$/);
    const out = await waitForText(this.page, () => {
      const saved = document.querySelector('.saved .short-hash')?.textContent;
      if (saved) return `ok:${saved}`;
      const error = document.querySelector('.result-area [role="alert"]')?.textContent;
      return error ? `error:${error}` : undefined;
    });
    if (out.startsWith('error:')) throw new Error(out.slice(6));
    return out.slice(3);
  }
}

/**
 * The on-page panel's frame: the extension's panel-frame.html inside the page (closed shadow root).
 * BiDi reports a moz-extension:// frame's address as about:blank, so each frame is asked its own.
 */
export async function panelFrame(s: FirefoxSession, page: Page): Promise<Frame> {
  const url = `${s.origin}/panel-frame.html`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(url)) {
        await find(frame, aria('ProofTrail evidence panel', 'dialog'));
        return frame;
      }
    }
    if (Date.now() > deadline) throw new Error('The panel did not open in the page.');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Presses Capture in the panel and waits for its outcome; throws the panel's message unless saved. */
export async function captureInPanel(frame: Frame): Promise<string> {
  await clickButton(frame, /^Capture /);
  const text = await waitForText(frame, () => {
    const t = document.querySelector('.panel-status')?.textContent ?? '';
    return /Saved\. SHA-256|failed|cannot|must|Refused/.test(t) ? t : undefined;
  });
  if (!text.startsWith('Saved')) throw new Error(text);
  return text;
}

/** The library's export dialog, to the downloads folder. */
export class FirefoxLibrary {
  constructor(readonly page: Page) {}

  static async open(s: FirefoxSession): Promise<FirefoxLibrary> {
    return new FirefoxLibrary(await openExtensionPage(s, 'library.html'));
  }

  async reload(s: FirefoxSession): Promise<void> {
    await gotoExtensionPage(this.page, `${s.origin}/library.html#reload-${Date.now()}`);
  }

  /** Opens the export dialog; returns whether "A file I choose" is offered and which destination is picked. */
  async openExport(): Promise<{ fileChoice: boolean; downloadsChecked: boolean }> {
    await clickButton(this.page, 'Export…');
    await find(this.page, 'dialog.export-dialog[open] .estimate[data-current="true"]');
    return this.page.evaluate(() => {
      const radios = [...document.querySelectorAll<HTMLInputElement>('.export-panel input[type=radio]')];
      const byText = (t: string) => radios.find((r) => r.parentElement?.textContent?.includes(t));
      return {
        fileChoice: !(byText('A file I choose')?.disabled ?? true),
        downloadsChecked: byText('The downloads folder')?.checked ?? false,
      };
    });
  }

  /** Exports everything to the downloads folder and returns the new file's path. */
  async exportBundle(downloadsDir: string): Promise<{ path: string; status: string }> {
    const before = new Set(zips(downloadsDir));
    await clickButton(this.page, 'Export bundle');
    const status = await waitForText(
      this.page,
      () => {
        const t = document.querySelector('.export-panel [role="status"]')?.textContent ?? '';
        return /Exported|failed|cancelled|Could not/.test(t) ? t : undefined;
      },
      120_000,
    );
    if (!status.startsWith('Exported')) throw new Error(status);
    // The downloads API reports the file before Firefox has renamed its .part file.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const fresh = zips(downloadsDir).filter((f) => !before.has(f));
      if (fresh.length === 1 && !existsSync(join(downloadsDir, `${fresh[0]}.part`)))
        return { path: join(downloadsDir, fresh[0]!), status };
      if (Date.now() > deadline)
        throw new Error(`No new bundle in ${downloadsDir}: ${readdirSync(downloadsDir)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const zips = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.zip'));
