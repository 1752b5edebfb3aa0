import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from './launch';

/** What the Settings page shows of the push queue (data attributes of its status line). */
export interface PushCounts {
  stored: number;
  waiting: number;
  conflict: number;
  /** Failed attempts of the most-tried waiting object. */
  tries: number;
  text: string;
}

/** Page object for Settings › Team evidence store. */
export class StoreSettingsPage {
  private constructor(readonly page: Page) {}

  static async open(b: LaunchedBrowser): Promise<StoreSettingsPage> {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByRole('form', { name: 'Team evidence store' }).waitFor();
    return new StoreSettingsPage(page);
  }

  private form() {
    return this.page.getByRole('form', { name: 'Team evidence store' });
  }

  /** Fills and saves the connection; throws the page's own messages when it refuses. */
  async connect(c: {
    endpoint: string;
    bucket: string;
    prefix: string;
    region: string;
    mode: 'owner' | 'reader';
    accessKeyId: string;
    secretAccessKey: string;
  }): Promise<void> {
    const form = this.form();
    await form.getByLabel('Endpoint').fill(c.endpoint);
    await form.getByLabel('Bucket').fill(c.bucket);
    await form.getByLabel('Region').fill(c.region);
    await form.getByLabel('Prefix').fill(c.prefix);
    await form
      .getByLabel(
        c.mode === 'owner'
          ? 'pushes its own evidence (control owner)'
          : "reads every owner's evidence (compliance staff, read-only)",
      )
      .check();
    await form.getByLabel('Access key id', { exact: true }).fill(c.accessKeyId);
    await form.getByLabel('Secret access key').fill(c.secretAccessKey);
    await form.getByRole('button', { name: 'Save team store' }).click();
    const status = form.locator('.capture-status');
    await status.locator('li').first().waitFor();
    if (await status.locator('ul.error').count())
      throw new Error((await status.locator('li').allTextContents()).join('\n'));
  }

  async counts(): Promise<PushCounts> {
    const line = this.form().locator('.store-push p[role="status"]');
    await line.waitFor();
    const n = async (name: string) => Number(await line.getAttribute(`data-${name}`));
    return {
      stored: await n('stored'),
      waiting: await n('waiting'),
      conflict: await n('conflict'),
      tries: await n('tries'),
      text: ((await line.textContent()) ?? '').trim(),
    };
  }

  /** Presses Send now and waits until nothing is waiting, or until every waiting object has failed again. */
  async sendNow(timeoutMs = 120_000): Promise<PushCounts> {
    const button = this.form().getByRole('button', { name: /^(Send now|Sending…)$/ });
    await button.click();
    await this.form().getByRole('button', { name: 'Send now' }).waitFor({ timeout: timeoutMs });
    // The status line refreshes every two seconds: read it once it reflects the push.
    const until = Date.now() + 5_000;
    let counts = await this.counts();
    while (counts.waiting > 0 && counts.tries === 0 && Date.now() < until) {
      await this.page.waitForTimeout(250);
      counts = await this.counts();
    }
    return counts;
  }

  /**
   * Presses "Read the team's evidence" (reader mode); when keys are not trusted yet, trusts those
   * in `trust` (fingerprints) and reads again. Returns the status lines and the untrusted keys left,
   * and how long each read took, from the click until its button was back (for the bench).
   */
  async readTeam(
    trust: readonly string[] = [],
  ): Promise<{ lines: string[]; untrusted: string[]; firstReadMs: number; trustedReadMs?: number }> {
    const read = async () => {
      await this.form().getByRole('button', { name: "Read the team's evidence" }).click();
      await this.form()
        .getByRole('button', { name: "Read the team's evidence" })
        .waitFor({ timeout: 600_000 });
    };
    const state = async () => {
      const status = this.form().locator('.store-read-status');
      const error = await status.locator('p.error').allTextContents();
      if (error.length) throw new Error(error.join('\n'));
      return {
        lines: (await status.locator('p, li').allTextContents()).map((l) => l.trim()),
        untrusted: await this.form()
          .locator('.store-untrusted li [data-fingerprint]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-fingerprint') ?? '')),
      };
    };
    const t0 = performance.now();
    await read();
    const firstReadMs = performance.now() - t0;
    const boxes = this.form().locator('.store-untrusted li');
    let picked = 0;
    for (let i = 0; i < (await boxes.count()); i++) {
      const fingerprint = await boxes.nth(i).locator('[data-fingerprint]').getAttribute('data-fingerprint');
      if (fingerprint && trust.includes(fingerprint)) {
        await boxes.nth(i).getByRole('checkbox').check();
        picked++;
      }
    }
    let trustedReadMs: number | undefined;
    if (picked) {
      const t1 = performance.now();
      await this.form().getByRole('button', { name: 'Trust the checked keys and read' }).click();
      await this.form()
        .getByRole('button', { name: "Read the team's evidence" })
        .waitFor({ timeout: 600_000 });
      await this.form().locator('.store-read-status p').first().waitFor();
      trustedReadMs = performance.now() - t1;
    }
    return { ...(await state()), firstReadMs, ...(trustedReadMs !== undefined ? { trustedReadMs } : {}) };
  }
}
