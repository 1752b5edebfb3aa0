import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BUILD_DIRS, ensureExtensionBuilt } from '../../node/automation/build-extension';
import { LibraryPage } from '../../node/automation/extension-pages';
import { findChromium } from '../../node/automation/find-chromium';
import { type LaunchedBrowser, launchWithExtension } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { captureInPanel, panelDialog } from './panel-frame';
import { inExtension } from './stored';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const id = (controlId: string) => `prooftrail-reminder:${controlId}`;

/** What the worker shows: the badge's text and the ids of the notifications on screen. */
const badge = (on = b) => on.worker.evaluate(() => chrome.action.getBadgeText({}));
const shown = (on = b) =>
  on.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());
const poll = <T>(f: () => Promise<T>) => expect.poll(f, { timeout: 30_000, interval: 200 });

/** A control's reminder row, read straight from the extension's IndexedDB in its worker. */
function reminderRow(controlId: string) {
  return b.worker.evaluate(
    (controlId) =>
      new Promise<{ notifiedAt?: number; snoozedUntil?: number } | undefined>((resolve) => {
        const open = indexedDB.open('prooftrail');
        open.onsuccess = () => {
          const req = open.result.transaction('reminders').objectStore('reminders').get(controlId);
          req.onsuccess = () => resolve(req.result);
        };
      }),
    controlId,
  );
}

/** Puts rows straight into the extension's IndexedDB stores (no app code, so no change signal). */
function seed(rows: Record<string, unknown[]>, on = b) {
  return inExtension(
    on,
    (rows: Record<string, unknown[]>) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(Object.keys(rows), 'readwrite');
          for (const [store, list] of Object.entries(rows))
            for (const r of list) tx.objectStore(store).put(r);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
}

/**
 * Chromium cannot click a system notification in a test: the test fires the notification API's
 * own event, so the listeners the worker registered (and nothing else) handle it.
 */
function fire(event: 'onClicked' | 'onButtonClicked', notificationId: string, button?: number, on = b) {
  return on.worker.evaluate(
    ([event, notificationId, button]) => {
      const e = chrome.notifications[event] as unknown as { dispatch(...args: unknown[]): void };
      e.dispatch(notificationId, ...(button === undefined ? [] : [button]));
    },
    [event, notificationId, button] as const,
  );
}

/** The next page the browser opens, once it has left about:blank. */
async function nextPage(url: RegExp, trigger: () => Promise<void>, on = b): Promise<Page> {
  const opened = on.context.waitForEvent('page', { timeout: 30_000 });
  await trigger();
  const page = await opened;
  await page.waitForURL(url, { timeout: 30_000 });
  return page;
}

const now = Date.now();
// An audit period around today (UTC), so that every control below is due now.
const from = ymd(now - 40 * DAY);
const to = ymd(now + 50 * DAY);
const framework = 'ISO/IEC 27001:2022';
const schedule = (controlId: string, cadence: string, sensitivity: string, owner?: string) => ({
  controlId,
  framework,
  cadence,
  sensitivity,
  ...(owner ? { owner: { name: owner, email: `${owner.split(' ')[0]!.toLowerCase()}@example.test` } } : {}),
  toleranceDays: 7,
  updatedAt: new Date(now).toISOString(),
  source: 'library',
});

/** A recipe whose one step captures the fixture site's audit log page for A.8.15. */
const logsRecipe = () => ({
  schema: 'prooftrail.recipe/1',
  id: 'recipe-logs',
  name: 'Audit log retention',
  steps: [
    { url: `${site.origin}/audit-log.html`, controlIds: ['A.8.15'], mode: 'visible', redact: [], note: '' },
  ],
  controlIds: ['A.8.15'],
  createdAt: new Date(now).toISOString(),
  updatedAt: new Date(now).toISOString(),
});
/** Raw writes carry no signal: bump the one every extension context sets after its writes. */
const signal = (on = b) =>
  inExtension(
    on,
    (key) => chrome.storage.session.set({ [key]: `seeded ${Date.now()}` }),
    'reminders:inputsChangedAt',
  );

describe('reminders', () => {
  it('the badge counts due controls; a real alarm brings the notification held back for 24 hours', async () => {
    // A.5.1 was notified about its period (the audit period: on-event) 23 hours ago: it may be
    // notified again in an hour, by the one-shot check the worker sets an alarm for. (An hour, not
    // seconds: the scheduled time is read after the worker has planned, however long that took.)
    const notifiedAt = Date.now() - DAY + HOUR;
    await seed({
      settings: [{ key: 'identity', value: { name: 'Dana Reyes', email: 'dana@example.test' } }],
      auditPeriods: [{ framework, from, to, timeZone: 'UTC' }],
      schedules: [
        schedule('A.8.15', 'monthly', 'most-recent', 'Sam Okafor'),
        schedule('A.5.15', 'on-event', 'every-period', 'Dana Reyes'),
        schedule('A.5.1', 'on-event', 'every-period'),
      ],
      recipes: [logsRecipe()],
      reminders: [{ controlId: 'A.5.1', notifiedAt, notifiedPeriodStart: Date.parse(`${from}T00:00:00Z`) }],
    });
    await signal();

    await poll(badge).toBe('3');
    await poll(shown).toEqual([id('A.5.15'), id('A.8.15')]);
    // The worker's one-shot check is when A.5.1's 24 hours are up (set after the notifications).
    await poll(() =>
      b.worker.evaluate(async () => (await chrome.alarms.get('prooftrail-reminders-next'))?.scheduledTime),
    ).toBe(notifiedAt + DAY);
    const tick = await b.worker.evaluate(() => chrome.alarms.get('prooftrail-reminders'));
    expect(tick?.periodInMinutes).toBe(60);

    // Those 24 hours are now up in the store (a raw write: no change signal), and nothing shows
    // A.5.1 until Chromium fires the worker's alarm, brought forward to now.
    const dueFrom = Date.now();
    await seed({
      reminders: [
        {
          controlId: 'A.5.1',
          notifiedAt: dueFrom - DAY - 1000,
          notifiedPeriodStart: Date.parse(`${from}T00:00:00Z`),
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await shown()).toEqual([id('A.5.15'), id('A.8.15')]);
    await b.worker.evaluate(() =>
      chrome.alarms.create('prooftrail-reminders-next', { when: Date.now() + 200 }),
    );
    await poll(shown).toEqual([id('A.5.1'), id('A.5.15'), id('A.8.15')]);
    // The reminder is recorded as sent once it shows (written after the notification).
    await poll(async () => (await reminderRow('A.5.1'))?.notifiedAt).toBeGreaterThanOrEqual(dueFrom);
    await expect(badge()).resolves.toBe('3');
  });

  it('"Snooze 1 week" takes the notification away and stores the snooze; the badge still counts it', async () => {
    const before = Date.now();
    await fire('onButtonClicked', id('A.5.1'), 1);
    await poll(shown).toEqual([id('A.5.15'), id('A.8.15')]);
    const snoozedUntil = (await reminderRow('A.5.1'))?.snoozedUntil;
    expect(snoozedUntil).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(snoozedUntil).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    await expect(badge()).resolves.toBe('3');
  });

  it('clicking a control without recipe or page rule opens the library on its coverage row', async () => {
    const page = await nextPage(/library\.html/, () => fire('onClicked', id('A.5.15')));
    expect(page.url()).toBe(`chrome-extension://${b.extensionId}/library.html#control=A.5.15`);
    await poll(shown).toEqual([id('A.8.15')]);
    await page.close();
  });

  it("clicking a control with a recipe opens its page with the panel, the control selected; capturing clears the badge's count", async () => {
    const page = await nextPage(/audit-log\.html/, () => fire('onClicked', id('A.8.15')));
    expect(page.url()).toBe(`${site.origin}/audit-log.html`);
    const panel = await panelDialog(page);
    await panel.getByText('Selected for the reminder: A.8.15').waitFor();
    await expect(panel.getByRole('list', { name: 'Selected controls' }).innerText()).resolves.toContain(
      'A.8.15',
    );
    await captureInPanel(panel);
    // The capture committed in the worker is the signal: A.8.15 has evidence for this month now.
    await poll(badge).toBe('2');
    await expect(shown()).resolves.toEqual([]);
    await page.close();
  });

  it('deleting that capture in the library brings the count back: the page itself signals the worker', async () => {
    const lib = await LibraryPage.open(b);
    const p = lib.page;
    await p.locator('section.group[data-control="A.8.15"]').waitFor();
    // Watch the library's own writes to session storage (an extension page has one JS world). The
    // worker, kept awake by the test, also hears of the change through Dexie; a sleeping one would
    // not, so the page's own signal is what must be there.
    await p.evaluate(() => {
      const area = chrome.storage.session;
      const set = area.set.bind(area);
      const w = window as unknown as { __signals: string[] };
      w.__signals = [];
      area.set = ((items: Record<string, unknown>) => {
        w.__signals.push(...Object.keys(items));
        return set(items);
      }) as typeof area.set;
    });
    await p.locator('section.group[data-control="A.8.15"]').locator('.card-button').click();
    await p.getByRole('button', { name: 'Delete…' }).click();
    await p.getByLabel('Reason (required)').fill('Wrong account');
    await p.getByRole('button', { name: 'Delete permanently' }).click();
    await p.getByText('the deletion is recorded below').waitFor();
    await expect(
      p.evaluate(() => (window as unknown as { __signals: string[] }).__signals),
    ).resolves.toContain('reminders:inputsChangedAt');
    await poll(badge).toBe('3');
    // Notified less than 24 hours ago about this same month: not shown again.
    await expect(shown()).resolves.toEqual([]);
    await p.close();
  });
});

describe('reminders in the store build (no host access)', () => {
  it('a click opens the page and says how to open the panel there, the control kept for that tab', async () => {
    ensureExtensionBuilt('production', { quiet: true, force: true });
    const store = await launchWithExtension({
      executablePath: findChromium()!,
      extensionDir: BUILD_DIRS.production,
    });
    try {
      await seed(
        {
          auditPeriods: [{ framework, from, to, timeZone: 'UTC' }],
          schedules: [schedule('A.8.15', 'monthly', 'most-recent', 'Sam Okafor')],
          recipes: [logsRecipe()],
        },
        store,
      );
      await signal(store);
      await poll(() => badge(store)).toBe('1');
      await poll(() => shown(store)).toEqual([id('A.8.15')]);
      const page = await nextPage(
        /audit-log\.html/,
        () => fire('onClicked', id('A.8.15'), undefined, store),
        store,
      );
      expect(page.url()).toBe(`${site.origin}/audit-log.html`);
      // Without a gesture on the page the panel cannot be injected: a notification says what to press.
      await poll(() => shown(store)).toEqual(['prooftrail-reminder-hint:A.8.15']);
      // The tab keeps the control for the panel the user opens there.
      const kept = await store.worker.evaluate(async () =>
        Object.entries(await chrome.storage.session.get(null)).filter(([k]) =>
          k.startsWith('reminderPanel:'),
        ),
      );
      expect(kept.map(([, v]) => v)).toEqual([{ controlId: 'A.8.15', origin: site.origin }]);
    } finally {
      await store.close();
    }
  });
});
