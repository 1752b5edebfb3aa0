import { browser } from 'wxt/browser';
import { restrictionReason } from '../../lib/capture/restricted';
import { getDb } from '../../lib/db/database';
import { activeUrlRules } from '../../lib/db/url-rules-repo';
import { BADGE_LATE_COLOR, type BadgeState } from '../../lib/reminders/badge';
import { captureTargetFor } from '../../lib/reminders/capture-target';
import type { DueItem } from '../../lib/reminders/due';
import { REMINDER_ICON_DATA_URL } from '../../lib/reminders/icon';
import { INPUTS_CHANGED_KEY } from '../../lib/reminders/input-signal';
import { planReminders, recordNotified, snoozeControl } from '../../lib/reminders/plan';
import { SNOOZES } from '../../lib/reminders/policy';
import { openPanel } from './panel-service';
import { rememberReminderControl } from './reminder-panel';

/** The hourly check, and the one-shot check at the next change when that comes sooner. */
export const TICK_ALARM = 'prooftrail-reminders';
export const NEXT_ALARM = 'prooftrail-reminders-next';
export const CHECK_EVERY_MINUTES = 60;

/** Notification ids: one per control (a new one replaces the old), and the panel hint after a click. */
const REMINDER = 'prooftrail-reminder:';
const HINT = 'prooftrail-reminder-hint:';

let running: Promise<void> | undefined;
let again = false;

/**
 * Recomputes the badge and shows the notifications due now, then sets the next check. One run at a
 * time: asked for while running, it runs once more afterwards (however often it was asked).
 */
export function refreshReminders(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await runOnce();
    } while (again);
  })().finally(() => {
    running = undefined;
  });
  return running;
}

async function runOnce(): Promise<void> {
  const db = getDb();
  const now = Date.now();
  let plan: Awaited<ReturnType<typeof planReminders>>;
  try {
    plan = await planReminders(db, now);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error('reminders:', e);
    await showBadge({
      text: '!',
      color: BADGE_LATE_COLOR,
      title: `ProofTrail: reminders failed: ${message}`,
    });
    return;
  }
  await showBadge(plan.badge);
  await clearStale(plan.items);
  const shown: DueItem[] = [];
  for (const { item, text } of plan.notify) {
    try {
      await browser.notifications.create(REMINDER + item.controlId, {
        type: 'basic',
        iconUrl: REMINDER_ICON_DATA_URL,
        title: text.title,
        message: text.message,
        // Chromium: snooze buttons, and the reminder stays until acted on (it would otherwise close
        // after a few seconds where the system keeps no notification centre); Firefox has neither.
        ...(import.meta.env.FIREFOX
          ? {}
          : {
              contextMessage: text.context,
              buttons: SNOOZES.map((s) => ({ title: s.label })),
              requireInteraction: true,
            }),
      });
      shown.push(item);
    } catch (e) {
      console.error(`reminders: notification for ${item.controlId} not shown`, e);
    }
  }
  await recordNotified(db, shown, now);
  await scheduleNext(plan.next, now);
}

/** The toolbar button: `action`, or `browserAction` in Firefox's Manifest V2 build. */
function toolbar(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

async function showBadge(b: BadgeState): Promise<void> {
  const manifest = browser.runtime.getManifest();
  const fallback = (manifest.action ?? manifest.browser_action)?.default_title ?? 'ProofTrail';
  const button = toolbar();
  await button.setBadgeText({ text: b.text });
  await button.setBadgeBackgroundColor({ color: b.color });
  await button.setTitle({ title: b.title ?? fallback });
}

/** Takes away the notifications of controls no longer due or late (evidence arrived, schedule removed). */
async function clearStale(items: readonly DueItem[]): Promise<void> {
  const due = new Set(items.map((i) => REMINDER + i.controlId));
  const shown = Object.keys(await browser.notifications.getAll());
  await Promise.all(
    shown
      .filter((id) => id.startsWith(REMINDER) && !due.has(id))
      .map((id) => browser.notifications.clear(id)),
  );
}

/** A one-shot alarm at the next change when it comes before the hourly check; none otherwise. */
async function scheduleNext(next: number | undefined, now: number): Promise<void> {
  if (next === undefined || next >= now + CHECK_EVERY_MINUTES * 60_000) {
    await browser.alarms.clear(NEXT_ALARM);
    return;
  }
  await browser.alarms.create(NEXT_ALARM, { when: next });
}

/** The hourly alarm, created when missing (a browser restart may drop alarms) or set differently. */
async function ensureTick(): Promise<void> {
  const tick = await browser.alarms.get(TICK_ALARM);
  if (tick?.periodInMinutes !== CHECK_EVERY_MINUTES)
    await browser.alarms.create(TICK_ALARM, { periodInMinutes: CHECK_EVERY_MINUTES });
}

const controlOf = (notificationId: string) =>
  notificationId.startsWith(REMINDER) ? notificationId.slice(REMINDER.length) : undefined;

/** A snooze button: no notification for that control until the snooze ends (the badge still counts it). */
export async function snoozeFromNotification(notificationId: string, buttonIndex: number): Promise<void> {
  const controlId = controlOf(notificationId);
  const snooze = SNOOZES[buttonIndex];
  if (!controlId || !snooze) return;
  await snoozeControl(getDb(), controlId, snooze.ms, Date.now());
  await browser.notifications.clear(notificationId);
  await refreshReminders();
}

/**
 * A click on a reminder opens the capture flow for its control: the page of its recipe or URL rule
 * in a new tab with the capture panel open and the control selected; else the library on the
 * control's coverage row (`library.html#control=ID`).
 */
export async function openFromNotification(notificationId: string): Promise<void> {
  if (notificationId.startsWith(HINT)) {
    await browser.notifications.clear(notificationId);
    return;
  }
  const controlId = controlOf(notificationId);
  if (!controlId) return;
  await browser.notifications.clear(notificationId);
  const db = getDb();
  const [recipes, rules] = await Promise.all([
    db.recipes.where('controlIds').equals(controlId).toArray(),
    activeUrlRules(db),
  ]);
  const target = captureTargetFor(controlId, recipes, rules);
  if (target.kind === 'library') {
    const tab = await browser.tabs.create({
      url: `${browser.runtime.getURL('/library.html')}#${target.hash}`,
    });
    await focusWindow(tab.windowId);
    return;
  }
  const tab = await browser.tabs.create({ url: target.url });
  if (tab.id === undefined) return;
  await focusWindow(tab.windowId);
  await rememberReminderControl(tab.id, controlId, target.url);
  await loaded(tab.id);
  const opened = await openPanel({ tabId: tab.id });
  if (opened.ok) return;
  const page = await browser.tabs.get(tab.id).catch(() => undefined);
  const restricted = restrictionReason(page?.url ?? target.url);
  // The store build reaches a page only after a user gesture on it (activeTab): say which one.
  await browser.notifications.create(HINT + controlId, {
    type: 'basic',
    iconUrl: REMINDER_ICON_DATA_URL,
    title: restricted ? `${controlId}: this page cannot be captured` : `Capture ${controlId} on this page`,
    message:
      restricted ??
      `Press Alt+Shift+E, or right-click the page and choose "Capture as evidence…": ${controlId} will be selected. (${opened.error})`,
  });
}

/** Brings the tab's window to the front (there are no windows on Firefox for Android). */
async function focusWindow(windowId: number | undefined): Promise<void> {
  if (windowId !== undefined && browser.windows) await browser.windows.update(windowId, { focused: true });
}

/** Resolves when the tab has loaded (or after 30 s, or when it closed: the panel then says why). */
function loaded(tabId: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      browser.tabs.onUpdated.removeListener(listener);
      clearTimeout(timer);
      resolve();
    };
    const listener = (id: number, change: { status?: string }) => {
      if (id === tabId && change.status === 'complete') done();
    };
    const timer = setTimeout(done, 30_000);
    browser.tabs.onUpdated.addListener(listener);
    browser.tabs.get(tabId).then(
      (t) => t.status === 'complete' && done(),
      () => done(),
    );
  });
}

const report = (what: string) => (e: unknown) => console.error(`reminders: ${what}`, e);

/**
 * Wiring: the alarms, the change signal from every extension context (a `storage.session` key, see
 * lib/reminders/input-signal.ts), the notification buttons and clicks. Checks at install, browser
 * start and whenever any of these fire.
 */
export function registerReminders(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TICK_ALARM || alarm.name === NEXT_ALARM)
      void refreshReminders().catch(report('check failed'));
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && INPUTS_CHANGED_KEY in changes)
      void refreshReminders().catch(report('check failed'));
  });
  browser.notifications.onButtonClicked.addListener(
    (id, index) => void snoozeFromNotification(id, index).catch(report('snooze failed')),
  );
  browser.notifications.onClicked.addListener(
    (id) => void openFromNotification(id).catch(report('opening the capture flow failed')),
  );
  const start = () => void refreshReminders().catch(report('check failed'));
  browser.runtime.onInstalled.addListener(start);
  browser.runtime.onStartup.addListener(start);
  void ensureTick().catch(report('the hourly alarm could not be set'));
}
