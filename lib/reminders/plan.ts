import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import type { ReminderRow } from '../db/period-types';
import { frameworkCoverage } from '../db/schedules-repo';
import { type BadgeState, badgeFor } from './badge';
import { type DueItem, dueItems } from './due';
import { nextCheckAt } from './next-check';
import { type ReminderText, reminderText } from './notification-text';
import { notified, snoozed, toNotify } from './policy';

/** What the reminders should look like at one instant. */
export interface ReminderPlan {
  now: number;
  /** Every control due or late, one each. */
  items: DueItem[];
  badge: BadgeState;
  /** The notifications to show now (not snoozed, not shown for the same period in 24 hours). */
  notify: { item: DueItem; text: ReminderText }[];
  /** When to look again (a status, a snooze or a repeat changes then); undefined when never. */
  next?: number;
}

/** Works out the badge, the notifications and the next check from what is stored, as of `now`. */
export async function planReminders(db: ProofTrailDb, now: number): Promise<ReminderPlan> {
  const [{ coverage }, rows, controls] = await Promise.all([
    frameworkCoverage(db, now),
    db.reminders.toArray(),
    listAllControls(db),
  ]);
  const items = dueItems(coverage);
  const titles = new Map(controls.map((c) => [c.id, c.title]));
  const next = nextCheckAt({ coverages: coverage, items, rows, now });
  return {
    now,
    items,
    badge: badgeFor(items),
    notify: toNotify(items, rows, now).map((item) => ({
      item,
      text: reminderText(item, titles.get(item.controlId)),
    })),
    ...(next !== undefined ? { next } : {}),
  };
}

/** Records that these items were notified at `now` (read fresh: a snooze stored meanwhile is kept). */
export async function recordNotified(
  db: ProofTrailDb,
  items: readonly DueItem[],
  now: number,
): Promise<void> {
  if (!items.length) return;
  await db.transaction('rw', db.reminders, async () => {
    const rows = await db.reminders.bulkGet(items.map((i) => i.controlId));
    await db.reminders.bulkPut(items.map((item, k) => notified(rows[k], item, now)));
  });
}

/** Snoozes a control's reminders for `ms` from `now`; returns the stored row. */
export async function snoozeControl(
  db: ProofTrailDb,
  controlId: string,
  ms: number,
  now: number,
): Promise<ReminderRow> {
  if (!controlId) throw new Error('Snooze needs a control ID.');
  return db.transaction('rw', db.reminders, async () => {
    const row = snoozed(await db.reminders.get(controlId), controlId, ms, now);
    await db.reminders.put(row);
    return row;
  });
}
