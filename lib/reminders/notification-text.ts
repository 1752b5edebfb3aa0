import { parseCadence } from '../period/cadence';
import { windowDays } from '../period/coverage';
import { parseDate } from '../period/zoned-time';
import type { DueItem } from './due';

/** What a reminder notification says (plain text: the notification API renders no markup). */
export interface ReminderText {
  title: string;
  message: string;
  /** The small line under the message: framework and the owner's e-mail. */
  context: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-10-01` as `1 Oct 2026` (the same in every locale). */
export function humanDate(ymd: string): string {
  const d = parseDate(ymd);
  return `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

/** A period's first and last day, e.g. `1 Oct – 31 Dec 2026`, read in its time zone. */
export function periodDays(item: Pick<DueItem, 'period' | 'timeZone'>): string {
  const { from, to } = windowDays(item.period, item.timeZone);
  if (from === to) return humanDate(from);
  const [f, t] = [humanDate(from), humanDate(to)];
  return from.slice(0, 4) === to.slice(0, 4) ? `${f.replace(/ \d+$/, '')} – ${t}` : `${f} – ${t}`;
}

function periodName(cadence: string): string {
  const c = parseCadence(cadence);
  if (c.kind === 'on-event') return 'Audit period';
  const word = cadence.trim().toLowerCase();
  return /^p/.test(word) ? `${c.text} period` : `${word[0]!.toUpperCase()}${word.slice(1)} period`;
}

/**
 * The notification for one due item: the title names the control, its status and its owner; the
 * message the period, what is wanted by when, and how many other periods are open; `controlTitle`
 * is the control's name from the catalog when known.
 */
export function reminderText(item: DueItem, controlTitle?: string): ReminderText {
  const owner = item.owner ? item.owner.name : 'no owner set';
  const title = `${item.controlId} evidence ${item.status}: ${owner}`;
  const lateDay = windowDays({ start: item.lateAt, end: item.lateAt + 1 }, item.timeZone).from;
  const dueBy = windowDays({ start: item.period.start, end: item.lateAt }, item.timeZone).to;
  const when =
    item.status === 'due'
      ? `no evidence yet; due by ${humanDate(dueBy)}.`
      : `no evidence; late since ${humanDate(lateDay)}.`;
  const more =
    item.others > 0
      ? ` ${item.others} more ${item.others === 1 ? 'period is' : 'periods are'} due or late.`
      : '';
  const name = controlTitle ? `${controlTitle}. ` : '';
  return {
    title,
    message: `${name}${periodName(item.cadence)} ${periodDays(item)}: ${when}${more}`,
    context: item.owner ? `${item.framework} · ${item.owner.email}` : item.framework,
  };
}
