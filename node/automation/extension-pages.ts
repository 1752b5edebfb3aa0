import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { LaunchedBrowser } from './launch';

/** The saved-capture summary the popup shows. */
export interface SavedCapture {
  shortHash: string;
  /** Milliseconds from pressing capture to the committed reply, as the popup measured it. */
  ms: number;
}

/** A page in a new browser tab, with the extension's id for that tab. */
export interface TrackedTab {
  page: Page;
  tabId: number;
}

/**
 * Opens a new browser window with one tab and returns that tab with its extension tab id. Each
 * target gets a window of its own so it stays the visible tab there (captureVisibleTab captures
 * the visible tab of a window); this works even on pages whose address the extension may not read.
 */
export async function openTab(b: LaunchedBrowser): Promise<TrackedTab> {
  const opened = b.context.waitForEvent('page');
  const tabId = await b.worker.evaluate(async () => {
    const win = await chrome.windows.create({ url: 'about:blank', focused: true });
    return win?.tabs?.[0]?.id;
  });
  if (tabId === undefined) throw new Error('Could not open a browser window for the page.');
  return { page: await opened, tabId };
}

/** Page object for the popup, opened in a window of its own and aimed at a tab. */
export class PopupPage {
  constructor(readonly page: Page) {}

  /** Opens the popup aimed at `target`; the target stays the visible tab of its own window. */
  static async open(b: LaunchedBrowser, target: TrackedTab): Promise<PopupPage> {
    await target.page.bringToFront();
    const url = `chrome-extension://${b.extensionId}/popup.html?tab=${target.tabId}`;
    const opened = b.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(url) });
    await b.worker.evaluate(
      (u) => chrome.windows.create({ url: u, type: 'popup', width: 420, height: 720 }),
      url,
    );
    const page = await opened;
    await page.waitForLoadState('domcontentloaded');
    return new PopupPage(page);
  }

  /** Fills the first-run identity form when it is shown. */
  async ensureIdentity(name: string, email: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Capturer identity' });
    const ready = this.page.getByRole('button', {
      name: /^Capture (visible area|full page|element)$|Capturing/,
    });
    await form.or(ready).first().waitFor();
    if (await form.isVisible()) {
      await this.page.getByLabel('Your name').fill(name);
      await this.page.getByLabel('Your email').fill(email);
      await this.page.getByRole('button', { name: 'Continue' }).click();
      const error = this.page.locator('.identity-form .error');
      await ready.or(error).first().waitFor();
      if (await error.isVisible()) throw new Error(`Identity refused: ${await error.textContent()}`);
    }
  }

  /** Picks controls by searching for each ID and ticking its exact match. */
  async pickControls(ids: readonly string[]): Promise<void> {
    const search = this.page.getByLabel('Find controls by ID or words');
    for (const id of ids) {
      await search.fill(id);
      const box = this.page.getByRole('group', { name: 'Controls' }).locator('label.result', {
        has: this.page.locator('.result-id', { hasText: new RegExp(`^${escapeRegExp(id)}$`) }),
      });
      if ((await box.count()) === 0) throw new Error(`Control "${id}" is not in any catalog.`);
      await box.first().getByRole('checkbox').check();
    }
    await search.fill('');
  }

  async setNote(note: string): Promise<void> {
    await this.page.getByLabel('Note (optional)').fill(note);
  }

  /** Sets when the activity shown happened (YYYY-MM-DD). */
  async setEffectiveDate(date: string): Promise<void> {
    await this.page.getByLabel('Activity date (optional)').fill(date);
  }

  /** Chooses what to capture: the visible area, the full page, or one element by CSS selector. */
  async setMode(mode: 'visible' | 'full-page' | 'element', selector?: string): Promise<void> {
    const label = { visible: 'Visible area', 'full-page': 'Full page', element: 'Element' }[mode];
    await this.page.getByRole('radio', { name: label }).check();
    if (mode === 'element') await this.page.getByLabel('Element (CSS selector)').fill(selector ?? '');
  }

  /** Extra CSS selectors to black out in this capture. */
  async setRedactSelectors(selectors: readonly string[]): Promise<void> {
    await this.page.getByText('Black out more (this capture)').click();
    await this.page.getByLabel('CSS selectors, one per line').fill(selectors.join('\n'));
  }

  /** Presses capture and waits for "Saved." or an error; returns the summary or throws the message. */
  async capture(): Promise<SavedCapture> {
    await this.page.getByRole('button', { name: /^Capture (visible area|full page|element)$/ }).click();
    const saved = this.page.locator('.saved');
    const error = this.page.locator('.result-area [role="alert"]');
    await saved.or(error).first().waitFor({ timeout: 60_000 });
    if (await error.isVisible()) throw new Error((await error.textContent()) ?? 'capture failed');
    const shortHash = (await saved.locator('.short-hash').textContent()) ?? '';
    const ms = Number(await saved.getAttribute('data-capture-ms'));
    return { shortHash, ms };
  }
}

/** The library's tabs, by the name callers use. */
const LIBRARY_TABS = {
  coverage: 'Coverage',
  evidence: 'All evidence',
  requests: 'Requests',
  recipes: 'Recipes',
} as const;

/** Page object for the evidence library. */
export class LibraryPage {
  constructor(readonly page: Page) {}

  /**
   * Opens the library, which shows coverage first; for `evidence` (the default, what most callers
   * read) it then picks the "All evidence" tab as a person would.
   */
  static async open(b: LaunchedBrowser, view: keyof typeof LIBRARY_TABS = 'evidence'): Promise<LibraryPage> {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/library.html`);
    const library = new LibraryPage(page);
    await library.showView(LIBRARY_TABS[view]);
    return library;
  }

  /** The coverage view (the library's home); picks its tab first. */
  async coverage(): Promise<CoverageDriver> {
    await this.showView('Coverage');
    return new CoverageDriver(this.page);
  }

  /** Picks one of the library's tabs by its name and waits for its panel. */
  async showView(name: string): Promise<void> {
    const tab = this.page.getByRole('tab', { name, exact: true });
    await tab.click();
    await this.page.locator(`[role="tabpanel"][aria-labelledby="${await tab.getAttribute('id')}"]`).waitFor();
  }

  /**
   * What the evidence view's list says it holds: every capture, those shown (filters and search),
   * the groups; waits for the list to be loaded and for any search to be answered.
   */
  async listCount(): Promise<{ total: number; shown: number; groups: number; query: string }> {
    const done = await this.page.waitForFunction(
      () => {
        const c = document.querySelector<HTMLElement>('.list-count');
        if (!c || c.getAttribute('aria-busy') === 'true') return false;
        const d = c.dataset;
        return {
          total: Number(d.total),
          shown: Number(d.shown),
          groups: Number(d.groups),
          query: d.query ?? '',
        };
      },
      undefined,
      { timeout: 60_000 },
    );
    const out = (await done.jsonValue()) as { total: number; shown: number; groups: number; query: string };
    await done.dispose();
    return out;
  }

  /**
   * Types a full-text search into the evidence view, waits for its answer to be shown, and returns
   * the count and the IDs of the captures whose cards are shown (all of them for a short list).
   */
  async search(query: string): Promise<{ shown: number; total: number; ids: string[] }> {
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(query);
    const done = await this.page.waitForFunction(
      (q) => {
        const c = document.querySelector<HTMLElement>('.list-count');
        return Boolean(c && c.dataset.query === q.trim() && c.getAttribute('aria-busy') !== 'true');
      },
      query,
      { timeout: 60_000 },
    );
    await done.dispose();
    const { shown, total } = await this.listCount();
    if (shown) await this.page.locator('.groups[aria-busy="false"]').waitFor();
    const ids = await this.page
      .locator('section.group li[data-id]')
      .evaluateAll((lis) => [...new Set(lis.map((li) => li.getAttribute('data-id') ?? ''))]);
    return { shown, total, ids };
  }

  /** Opens the export or import dialog from the library's header (closing the other one first). */
  async openDialog(which: 'export' | 'import'): Promise<void> {
    const dialog = this.page.locator(`dialog.${which}-dialog`);
    if (await dialog.evaluate((d: HTMLDialogElement) => d.open)) return;
    const other = this.page.locator(`dialog.${which === 'export' ? 'import' : 'export'}-dialog`);
    if (await other.evaluate((d: HTMLDialogElement) => d.open)) {
      await other.getByRole('button', { name: 'Close', exact: true }).first().click();
      await other.waitFor({ state: 'hidden' });
    }
    const button = which === 'export' ? 'Export…' : 'Import a bundle…';
    await this.page.getByRole('button', { name: button, exact: true }).click();
    await dialog.waitFor({ state: 'visible' });
  }

  /**
   * Sets the export form as a person would (controls, frameworks, period, capturers), exports to
   * the downloads folder and waits for the finished file; returns its path on disk.
   */
  async export(scope: ExportScopeInput, downloadsDir: string): Promise<string> {
    const before = new Set(listFiles(downloadsDir, '.zip'));
    await this.setScope(scope);
    await this.clickAndWait('Export bundle', /^Exported/);
    return newFile(downloadsDir, before, '.zip');
  }

  /** Same as export, for the PDF report of the scope. */
  async exportPdf(scope: ExportScopeInput, downloadsDir: string): Promise<string> {
    const before = new Set(listFiles(downloadsDir, '.pdf'));
    await this.setScope(scope);
    await this.clickAndWait('PDF report', /^Saved the PDF/);
    return newFile(downloadsDir, before, '.pdf');
  }

  /**
   * Exports through the "A file I choose" path (File System Access), the way a person with a
   * file picker would, except that the picker is answered by a file in the page's origin-private
   * file system (a headless browser shows no dialog). The bundle streams into that file through
   * the same FileSystemWritableFileStream a picked file gives. Returns the file's name and size.
   */
  async exportToPickedFile(
    scope: ExportScopeInput,
    button = 'Export bundle',
  ): Promise<{ name: string; size: number }> {
    await this.answerFilePicker();
    await this.setScope(scope, 'file');
    await this.clickAndWait(button, /^(Exported|Saved the PDF)/);
    return this.page.evaluate(async () => {
      const w = window as unknown as { __pickedName: string };
      const root = await navigator.storage.getDirectory();
      const file = await (await root.getFileHandle(w.__pickedName)).getFile();
      return { name: w.__pickedName, size: file.size };
    });
  }

  /** Reads back a file written by exportToPickedFile, in slices. */
  async readPickedFile(name: string): Promise<Uint8Array> {
    const size = await this.page.evaluate(async (n) => {
      const root = await navigator.storage.getDirectory();
      return (await (await root.getFileHandle(n)).getFile()).size;
    }, name);
    const out = new Uint8Array(size);
    const step = 4 << 20;
    for (let at = 0; at < size; at += step) {
      const b64 = await this.page.evaluate(
        async ([n, from, to]) => {
          const root = await navigator.storage.getDirectory();
          const file = await (await root.getFileHandle(n as string)).getFile();
          const bytes = new Uint8Array(await file.slice(from as number, to as number).arrayBuffer());
          let s = '';
          for (let i = 0; i < bytes.length; i += 0x8000)
            s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return btoa(s);
        },
        [name, at, Math.min(size, at + step)] as const,
      );
      out.set(Buffer.from(b64, 'base64'), at);
    }
    return out;
  }

  /** Makes window.showSaveFilePicker answer with a file in the origin-private file system. */
  private async answerFilePicker(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as {
        showSaveFilePicker: (o: { suggestedName: string }) => Promise<FileSystemFileHandle>;
        __pickedName: string;
      };
      w.showSaveFilePicker = async (o) => {
        w.__pickedName = o.suggestedName;
        const root = await navigator.storage.getDirectory();
        return root.getFileHandle(o.suggestedName, { create: true });
      };
    });
  }

  /** Fills the export form; what is not given is left at "all". Chooses the downloads folder. */
  async setScope(scope: ExportScopeInput, destination: 'downloads' | 'file' = 'downloads'): Promise<void> {
    await this.openDialog('export');
    const form = this.page.locator('.export-panel');
    await form
      .getByText(/captures, about|no capture matches|Estimating/)
      .first()
      .waitFor();
    await form.getByRole('button', { name: 'Clear the scope' }).click();
    await this.page.waitForFunction(
      () =>
        document.querySelectorAll('.export-panel input[type=checkbox]:checked').length === 0 &&
        [...document.querySelectorAll<HTMLInputElement>('.export-panel input[type=date]')].every(
          (i) => !i.value,
        ),
      undefined,
      { timeout: 5000 },
    );
    const nouns: Record<string, string> = {
      Frameworks: 'tagged to a control of framework',
      Controls: 'tagged to control',
      Capturers: 'captured by',
    };
    const tick = async (legend: string, labels: readonly string[] = [], at: 'start' | 'end' = 'start') => {
      const group = form.locator('fieldset', { has: this.page.locator('legend', { hasText: legend }) });
      for (const label of labels) {
        const l = escapeRegExp(label);
        const name = new RegExp(at === 'start' ? `^${l}(\\s|$)` : `(^|\\s)${l}$`, 'i');
        const box = group.getByRole('checkbox', { name });
        if ((await box.count()) === 0)
          throw new Error(`no evidence in this library is ${nouns[legend] ?? 'tagged to'} "${label}"`);
        await box.first().check();
      }
    };
    await tick('Frameworks', scope.frameworks);
    await tick('Controls', scope.controls);
    await tick('Capturers', scope.capturers, 'end');
    if (scope.from) await form.getByLabel('First day').fill(scope.from);
    if (scope.to) await form.getByLabel('Last day').fill(scope.to);
    await form
      .getByRole('radio', { name: destination === 'file' ? /A file I choose/ : 'The downloads folder' })
      .check();
    await form
      .getByRole('radio', {
        name:
          scope.layout === 'write-once'
            ? 'Each capture once, indexed per control'
            : /^A copy in each control/,
      })
      .check();
    const estimate = form.locator('.estimate[data-current="true"]');
    await estimate.waitFor();
    const text = (await estimate.textContent()) ?? '';
    if (!/captures, about/.test(text)) throw new Error(`nothing to export: ${text}`);
  }

  /**
   * Imports a bundle file through the library's import form; returns the outcome text. Keys the
   * library does not trust yet are trusted (the "Trust … and import" button) only when every one is
   * in `trust`; otherwise the import stops there and the lines name each untrusted key.
   */
  async importBundle(
    path: string,
    trust: readonly string[] = [],
  ): Promise<{ ok: boolean; text: string; lines: string[] }> {
    await this.openDialog('import');
    const panel = this.page.locator('.import-panel');
    await panel.getByLabel('Bundle (.zip)').waitFor();
    // The browser runs on this machine: hand it the path, as a person picking the file does,
    // rather than streaming the bytes through the protocol (slow for bundles of many MB).
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await cdp.send('DOM.querySelector', {
        nodeId: root.nodeId,
        selector: '.import-panel input[type=file]',
      });
      await cdp.send('DOM.setFileInputFiles', { nodeId, files: [path] });
    } finally {
      await cdp.detach();
    }
    const outcome = panel
      .locator('.import-status, [role="alert"]')
      .filter({ hasText: /Imported|Nothing new|not|refused|did not|Set your/ });
    await outcome.first().waitFor({ timeout: 300_000 });
    const untrusted = panel.locator('.untrusted-signers');
    if (await untrusted.count()) {
      const keys = await untrusted.locator('.untrusted-list > li').evaluateAll((items) =>
        items.map((li) => ({
          fingerprint: li.getAttribute('data-fingerprint') ?? '',
          reason: li.getAttribute('data-reason') ?? '',
          who: li.querySelector('.who')?.textContent ?? '',
        })),
      );
      const missing = keys.filter((k) => !trust.includes(k.fingerprint));
      if (missing.length)
        return {
          ok: false,
          text: ((await untrusted.locator('p').first().textContent()) ?? '').trim(),
          lines: missing.map(
            (k) =>
              `${k.reason === 'key-changed' ? 'CHANGED KEY for' : 'untrusted key of'} ${k.who}: ${k.fingerprint} (check it with its owner, then pass --trust ${k.fingerprint})`,
          ),
        };
      await untrusted.getByRole('button', { name: /^Trust .* and import$/ }).click();
      await untrusted.waitFor({ state: 'detached', timeout: 300_000 });
      await outcome.first().waitFor({ timeout: 300_000 });
    }
    const ok = (await panel.locator('[role="alert"]').count()) === 0;
    return {
      ok,
      text: ((await outcome.first().locator('p').first().textContent()) ?? '').trim(),
      lines: await panel.locator('.report-lines li').allTextContents(),
    };
  }

  /**
   * Presses an export button and waits for this run's outcome, never an earlier run's line.
   *
   * A run clears the status line (an empty line has no height, so it is never "visible") and shows
   * a progress bar only while it works: for one capture that is about 150 ms. On a busy machine
   * the click alone can take longer than that, so waiting from here for the bar to appear misses
   * it and then waits out the whole timeout. Instead the page latches the start itself, from a
   * MutationObserver set before the click, and the wait polls "started, and an outcome is shown".
   */
  private async clickAndWait(button: string, success: RegExp): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __exportRun?: { started: boolean; observer: MutationObserver } };
      w.__exportRun?.observer.disconnect();
      const panel = document.querySelector('.export-panel');
      if (!panel) throw new Error('the library page shows no export panel');
      const before = panel.querySelector('[role="status"]')?.textContent ?? '';
      const run = {
        started: false,
        observer: new MutationObserver(() => {
          const text = panel.querySelector('[role="status"]')?.textContent ?? '';
          if (panel.querySelector('progress') || text !== before) {
            run.started = true;
            run.observer.disconnect();
          }
        }),
      };
      run.observer.observe(panel, { subtree: true, childList: true, characterData: true });
      w.__exportRun = run;
    });
    await this.page.getByRole('button', { name: button, exact: true }).click();
    const outcome = /Exported|Saved the PDF|failed|cancelled|Could not/;
    const done = await this.page.waitForFunction(
      (pattern) => {
        const run = (window as unknown as { __exportRun?: { started: boolean } }).__exportRun;
        const text = document.querySelector('.export-panel [role="status"]')?.textContent ?? '';
        return Boolean(run?.started) && new RegExp(pattern).test(text) && text;
      },
      outcome.source,
      { timeout: 600_000, polling: 100 },
    );
    const text = String(await done.jsonValue());
    await done.dispose();
    if (!success.test(text)) throw new Error(text);
  }
}

/** What `coverageJson` asks of the coverage view (empty or missing: as stored, or now). */
export interface CoverageQueryInput {
  framework?: string;
  from?: string;
  to?: string;
  asOf?: string;
}

/** One framework's grid as the coverage view shows it. */
export interface CoverageGridShown {
  framework: string;
  counts: Record<string, number>;
  rows: { control: string; highlighted: boolean; cells: { from: string; status: string; text: string }[] }[];
}

/** The coverage view's drivers (the library's home). */
export class CoverageDriver {
  constructor(readonly page: Page) {}

  /** Waits for the coverage view to have loaded; true when something is scheduled. */
  async ready(): Promise<boolean> {
    const filled = this.page.locator('.coverage-filters');
    const empty = this.page.locator('.coverage-empty');
    await filled.or(empty).first().waitFor();
    return filled.isVisible();
  }

  /**
   * Imports a cadence file through the "Import cadences" form, with the audit period when given.
   * Returns whether it was stored, the outcome text, the problems listed and the field errors.
   */
  async importCadences(
    path: string,
    period?: { from: string; to: string; timeZone?: string },
  ): Promise<{ ok: boolean; text: string; lines: string[]; fieldErrors: string[] }> {
    await this.ready();
    const form = this.page.getByRole('form', { name: 'Import cadences' });
    await form.getByLabel(/^Cadence file/).setInputFiles(path);
    await form.getByLabel('From', { exact: true }).fill(period?.from ?? '');
    await form.getByLabel('To', { exact: true }).fill(period?.to ?? '');
    if (period?.timeZone !== undefined) await form.getByLabel('Time zone').fill(period.timeZone);
    // Wait for this run's outcome, never an earlier one: the form counts its finished runs.
    const runs = Number(await form.getAttribute('data-runs'));
    await form.getByRole('button', { name: 'Import cadences' }).click();
    await this.page.waitForFunction(
      (n) => Number(document.querySelector('form.cadence-import')?.getAttribute('data-runs')) > n,
      runs,
      { timeout: 60_000 },
    );
    const fieldErrors = await form.locator('.field-error').allTextContents();
    const status = form.locator('.cadence-import-status');
    const text = (await status.count()) ? ((await status.locator('p').textContent()) ?? '').trim() : '';
    return {
      ok: !fieldErrors.length && (await status.getAttribute('role')) === 'status',
      text,
      lines: await status.locator('.report-lines li').allTextContents(),
      fieldErrors,
    };
  }

  /** Sets the framework, the period override and the as-of day of the view; throws the field errors. */
  async setQuery(q: CoverageQueryInput): Promise<void> {
    if (!(await this.ready())) throw new Error('nothing is scheduled in this library: import cadences first');
    const form = this.page.getByRole('form', { name: 'Coverage filters' });
    const select = form.getByLabel('Framework', { exact: true });
    if (q.framework) {
      const names = await select.locator('option').allTextContents();
      if (!names.includes(q.framework))
        throw new Error(
          `no control of framework "${q.framework}" is scheduled (scheduled: ${names.filter((n) => n !== 'All frameworks').join(', ')})`,
        );
      await select.selectOption({ label: q.framework });
    } else await select.selectOption({ value: '' });
    await form.getByLabel(/^As of/).fill(q.asOf ?? '');
    await form.getByLabel(/^Period from/).fill(q.from ?? '');
    await form.getByLabel(/^Period to/).fill(q.to ?? '');
    const errors = await form.locator('.error').allTextContents();
    if (errors.length) throw new Error(errors.join('; '));
  }

  /** Presses "Download coverage (JSON)" for the view as set; returns the saved file's path. */
  async downloadJson(q: CoverageQueryInput, downloadsDir: string): Promise<string> {
    const before = new Set(listFiles(downloadsDir, '.json'));
    await this.setQuery(q);
    await this.page.getByRole('button', { name: 'Download coverage (JSON)' }).click();
    const status = this.page.locator('.download-status').filter({ hasNotText: /^(Preparing…)?$/ });
    await status.waitFor({ timeout: 60_000 });
    const text = ((await status.textContent()) ?? '').trim();
    if (!/^Saved/.test(text)) throw new Error(text);
    return newFile(downloadsDir, before, '.json');
  }

  /** The view's notices of frameworks scheduled without an audit period (left out of coverage). */
  async noPeriodNotices(): Promise<string[]> {
    return (await this.page.locator('.no-period').allTextContents()).map((t) => t.trim());
  }

  /**
   * Every framework's grid as shown: counts per status, rows and cells. The grid draws only what is
   * near its visible part, so each grid's box is scrolled over all its rows and periods (waiting,
   * at each offset, until the box says its drawn cells are for that offset) and put back.
   */
  async grids(): Promise<CoverageGridShown[]> {
    await this.ready();
    const sections = this.page.locator('section.coverage-grid');
    const out: CoverageGridShown[] = [];
    for (let i = 0; i < (await sections.count()); i++) out.push(await this.readGrid(sections.nth(i)));
    return out;
  }

  private async readGrid(section: Locator): Promise<CoverageGridShown> {
    const head = await section.evaluate((s) => ({
      framework: s.getAttribute('data-framework') ?? '',
      counts: Object.fromEntries(
        [...s.querySelectorAll('.status-counts li')].map((li) => [
          li.getAttribute('data-status') ?? '',
          Number(li.getAttribute('data-count')),
        ]),
      ),
    }));
    const box = section.locator('[role="grid"]');
    if (!(await box.count())) return { ...head, rows: [] };
    type Row = CoverageGridShown['rows'][number] & { index: number };
    const rows = new Map<string, { row: Row; cells: Map<number, Row['cells'][number]> }>();
    await this.scrollThrough(box, async () => {
      const seen = await box.evaluate((el) =>
        [...el.querySelectorAll('tbody tr[data-control]')].map((r) => ({
          index: Number(r.getAttribute('aria-rowindex')),
          control: r.getAttribute('data-control') ?? '',
          highlighted: r.classList.contains('highlight'),
          cells: [...r.querySelectorAll('button.cell')].map((c) => ({
            col: Number(c.closest('[aria-colindex]')?.getAttribute('aria-colindex')),
            from: c.getAttribute('data-from') ?? '',
            status: c.getAttribute('data-status') ?? '',
            text: (c.textContent ?? '').trim(),
          })),
        })),
      );
      for (const r of seen) {
        const kept = rows.get(r.control) ?? {
          row: { index: r.index, control: r.control, highlighted: r.highlighted, cells: [] },
          cells: new Map(),
        };
        for (const { col, ...cell } of r.cells) kept.cells.set(col, cell);
        rows.set(r.control, kept);
      }
      return false;
    });
    return {
      ...head,
      rows: [...rows.values()]
        .sort((a, b) => a.row.index - b.row.index)
        .map(({ row, cells }) => ({
          control: row.control,
          highlighted: row.highlighted,
          cells: [...cells].sort((a, b) => a[0] - b[0]).map(([, c]) => c),
        })),
    };
  }

  /**
   * Scrolls a grid's box until a period cell matching `selector` (e.g. `tr[data-control="A.5.18"]
   * button.cell[data-status="present"]`) is drawn and returns it; throws when no part of the grid
   * holds one.
   */
  async showCell(selector: string): Promise<Locator> {
    await this.ready();
    const boxes = this.page.locator('section.coverage-grid [role="grid"]');
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      if (await this.scrollThrough(box, async () => (await box.locator(selector).count()) > 0, false))
        return box.locator(selector).first();
    }
    throw new Error(`no cell of the coverage grid matches ${selector}`);
  }

  /**
   * Scrolls a grid's box over all its rows and periods, a box at a time, calling `visit` once the
   * box says its drawn cells are for each offset; stops early when `visit` returns true (and
   * returns true). Puts the box back where it was when `restore` or when nothing was found.
   */
  private async scrollThrough(box: Locator, visit: () => Promise<boolean>, restore = true): Promise<boolean> {
    const { top, left, steps } = await box.evaluate((el) => {
      const ys: number[] = [];
      const xs: number[] = [];
      for (let y = 0; ; y += Math.max(1, el.clientHeight - 60)) {
        ys.push(Math.min(y, el.scrollHeight - el.clientHeight));
        if (y >= el.scrollHeight - el.clientHeight) break;
      }
      for (let x = 0; ; x += Math.max(1, el.clientWidth - 260)) {
        xs.push(Math.min(x, el.scrollWidth - el.clientWidth));
        if (x >= el.scrollWidth - el.clientWidth) break;
      }
      return { top: el.scrollTop, left: el.scrollLeft, steps: ys.flatMap((y) => xs.map((x) => [y, x])) };
    });
    const handle = await box.elementHandle();
    const scrollTo = async (y: number, x: number) => {
      const want = await box.evaluate(
        (el, [sy, sx]) => {
          el.scrollTop = sy;
          el.scrollLeft = sx;
          return `${Math.round(el.scrollTop)},${Math.round(el.scrollLeft)}`;
        },
        [y, x] as const,
      );
      await this.page.waitForFunction(({ el, key }) => (el as HTMLElement).dataset.view === key, {
        el: handle,
        key: want,
      });
    };
    try {
      for (const [y, x] of steps as [number, number][]) {
        await scrollTo(y, x);
        if (await visit()) {
          if (restore) await scrollTo(top, left);
          return true;
        }
      }
      await scrollTo(top, left);
      return false;
    } finally {
      await handle?.dispose();
    }
  }
}

/** What to export, as a person would pick it in the form. */
export interface ExportScopeInput {
  controls?: readonly string[];
  frameworks?: readonly string[];
  /** First and last UTC day, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** E-mail addresses. */
  capturers?: readonly string[];
  /** The dialog's Layout choice; absent: per-control (the default). */
  layout?: 'per-control' | 'write-once';
}

function newFile(dir: string, before: Set<string>, ext: string): string {
  const added = listFiles(dir, ext).filter((f) => !before.has(f));
  if (added.length !== 1) throw new Error(`Expected one new ${ext} file in ${dir}, found ${added.length}`);
  return join(dir, added[0]!);
}

function listFiles(dir: string, ext: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)) : [];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A trusted signer as the Settings table shows it. */
export interface TrustedSignerShown {
  name: string;
  email: string;
  /** The fingerprint as shown (grouped) and its value. */
  grouped: string;
  fingerprint: string;
  how: string;
}

/** Page object for Settings: the device key and the trusted signers. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  static async open(b: LaunchedBrowser): Promise<SettingsPage> {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    return new SettingsPage(page);
  }

  /**
   * Saves the redaction rules of the capture settings, as a person types them: CSS selectors and
   * text patterns (one per line; empty clears), and the one-click email pattern when asked.
   */
  async saveRedactionRules(rules: {
    selectors?: string;
    patterns?: string;
    emails?: boolean;
  }): Promise<void> {
    await this.page
      .getByLabel('Always black out these CSS selectors (one per line)')
      .fill(rules.selectors ?? '');
    await this.page
      .getByLabel('Always black out text matching these patterns (regular expressions, one per line)')
      .fill(rules.patterns ?? '');
    if (rules.emails) await this.page.getByRole('button', { name: 'Add email addresses' }).click();
    await this.page.getByRole('button', { name: 'Save capture settings' }).click();
    await this.page.getByText('Capture settings saved.').waitFor();
  }

  /** This device's fingerprint as shown (grouped) and its value. */
  async deviceFingerprint(): Promise<{ grouped: string; fingerprint: string }> {
    const fp = this.page.getByTestId('key-fingerprint');
    await fp.waitFor();
    return {
      grouped: (await fp.textContent()) ?? '',
      fingerprint: (await fp.getAttribute('data-fingerprint')) ?? '',
    };
  }

  /** Presses Copy beside the device's fingerprint; returns the status it shows ("Copied"). */
  async copyDeviceFingerprint(): Promise<string> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: "Copy this device's fingerprint" }).click();
    const status = this.page.locator('.key .copy-status').filter({ hasText: /\S/ });
    await status.waitFor();
    return ((await status.textContent()) ?? '').trim();
  }

  /** The trusted signers table, this device's row first. */
  async trustedSigners(): Promise<TrustedSignerShown[]> {
    const table = this.page.getByRole('table', { name: 'Trusted signers' });
    await table.locator('tbody tr').first().waitFor();
    return table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
        const code = r.querySelector('code.fingerprint');
        return {
          name: cells[0] ?? '',
          email: cells[1] ?? '',
          grouped: code?.textContent ?? '',
          fingerprint: code?.getAttribute('data-fingerprint') ?? '',
          how: cells[4] ?? '',
        };
      }),
    );
  }

  /** Fills "Add a signer" and submits; returns the lines of its status. */
  async addSigner(
    fingerprint: string,
    name: string,
    email: string,
  ): Promise<{ ok: boolean; lines: string[] }> {
    const form = this.page.getByRole('form', { name: 'Add a trusted signer' });
    await form.getByLabel('Fingerprint').fill(fingerprint);
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('E-mail').fill(email);
    const status = form.locator('.trust-status');
    const before = (await status.textContent()) ?? '';
    await form.getByRole('button', { name: 'Trust this key' }).click();
    // Each attempt here gives a different message than the one before.
    await this.page.waitForFunction(
      ([sel, prev]) => (document.querySelector(sel!)?.textContent ?? '') !== prev,
      ['form[aria-label="Add a trusted signer"] .trust-status', before] as const,
    );
    const list = status.locator('ul');
    return {
      ok: (await list.getAttribute('class')) === 'ok',
      lines: await list.locator('li').allTextContents(),
    };
  }

  /** Removes a trusted signer, confirming (or cancelling) the confirmation. */
  async removeSigner(name: string, email: string, confirm = true): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${name} <${email}>` }).click();
    const group = this.page.getByRole('group', { name: `Confirm removing ${name}` });
    await group.getByRole('button', { name: confirm ? 'Stop trusting' : 'Cancel' }).click();
    await group.waitFor({ state: 'detached' });
  }

  /** Chooses a signers file; returns the preview's lines (nothing is trusted yet). */
  async previewSignersFile(path: string): Promise<string[]> {
    await this.page.getByLabel('Signers file (.json)').setInputFiles(path);
    const name = path.split(/[\\/]/).pop() ?? path;
    const preview = this.page
      .locator('.signers-preview, .signers-file-status ul')
      .filter({ hasText: new RegExp(`^${escapeRegExp(name)}`) })
      .first();
    await preview.waitFor();
    return preview.locator('li').allTextContents();
  }

  /** Confirms the previewed signers file; returns the status lines. */
  async confirmSignersFile(): Promise<string[]> {
    await this.page
      .locator('.signers-preview')
      .getByRole('button', { name: /^Trust \d+ key/ })
      .click();
    const status = this.page.locator('.signers-file-status ul');
    await status.waitFor();
    return status.locator('li').allTextContents();
  }

  /** Presses "Export trusted signers…" and waits for the file in the downloads folder; returns its path. */
  async exportSigners(downloadsDir: string): Promise<string> {
    const before = new Set(listFiles(downloadsDir, '.json'));
    await this.page.getByRole('button', { name: 'Export trusted signers…' }).click();
    const status = this.page.locator('.export-signers-status ul');
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    if (!/^Saved/.test(text)) throw new Error(text);
    return newFile(downloadsDir, before, '.json');
  }

  /** The view's notices of frameworks scheduled without an audit period (left out of coverage). */
  async noPeriodNotices(): Promise<string[]> {
    return (await this.page.locator('.no-period').allTextContents()).map((t) => t.trim());
  }
}

/** A key the library's import asks about before importing a bundle it signed. */
export interface UntrustedSignerShown {
  fingerprint: string;
  /** The fingerprint as shown (grouped). */
  grouped: string;
  /** "Name <email>" as the bundle claims it. */
  who: string;
  reason: 'unknown' | 'key-changed';
  /** The warning shown for a changed key. */
  warning: string;
}

/** The library import's prompt for keys not trusted yet (after LibraryPage.importBundle). */
export class UntrustedSignersPrompt {
  constructor(readonly page: Page) {}

  private get box() {
    return this.page.locator('.import-panel .untrusted-signers');
  }

  /** The keys listed, with the identity each claims. */
  async signers(): Promise<UntrustedSignerShown[]> {
    await this.box.waitFor();
    return this.box.locator('li[data-fingerprint]').evaluateAll((items) =>
      items.map((li) => ({
        fingerprint: li.getAttribute('data-fingerprint') ?? '',
        grouped: li.querySelector('code.fingerprint')?.textContent ?? '',
        who: li.querySelector('.who')?.textContent?.trim() ?? '',
        reason: li.getAttribute('data-reason') as 'unknown' | 'key-changed',
        warning: li.querySelector('.key-changed')?.textContent?.trim() ?? '',
      })),
    );
  }

  /** Trusts the listed keys and imports; returns the import's outcome line. */
  async trustAndImport(): Promise<{ ok: boolean; text: string }> {
    await this.box.getByRole('button', { name: /^Trust (these keys|this key) and import$/ }).click();
    // The prompt gives way to "Verifying…", then to the outcome (or to a new prompt).
    await this.box.waitFor({ state: 'detached' });
    const panel = this.page.locator('.import-panel');
    const done = panel.locator('.import-status, [role="alert"]').filter({ hasNotText: /^Verifying/ });
    await done.first().waitFor({ timeout: 300_000 });
    return {
      ok: (await panel.locator('[role="alert"]').count()) === 0,
      text: ((await done.first().locator('p').first().textContent()) ?? '').trim(),
    };
  }
}
