import type { Control } from '../catalog/types';
import { type ControlSchedule, DEFAULT_TOLERANCE_DAYS, type Owner, ownerSchema } from '../formats/schedule';
import { parseCadence } from './cadence';

/** What a cadence file gives: one schedule per control, or every problem, each naming its row. */
export type ScheduleImport =
  | { ok: true; schedules: ControlSchedule[]; frameworks: string[] }
  | { ok: false; problems: string[] };

/** Finds a control's framework in the catalog: IDs match exactly, else ignoring case. */
export class ControlIndex {
  private readonly exact = new Map<string, Control[]>();
  private readonly folded = new Map<string, Control[]>();

  constructor(controls: readonly Control[]) {
    for (const c of controls) {
      this.exact.set(c.id, [...(this.exact.get(c.id) ?? []), c]);
      const k = c.id.toLowerCase();
      this.folded.set(k, [...(this.folded.get(k) ?? []), c]);
    }
  }

  /** The control, or a reason it cannot be told apart. `framework` narrows an ID several frameworks use. */
  resolve(id: string, framework?: string): Control | string {
    const found = this.exact.get(id) ?? this.folded.get(id.toLowerCase()) ?? [];
    if (!found.length) return `control "${id}" is in no catalog (built-in or imported)`;
    if (framework) {
      const f = framework.toLowerCase();
      const match = found.find((c) => c.framework.toLowerCase() === f);
      if (!match) return `control "${id}" is not in framework "${framework}" (it is in ${names(found)})`;
      return match;
    }
    if (found.length > 1)
      return `control "${id}" is in several frameworks (${names(found)}): add a framework column`;
    return found[0]!;
  }
}

const names = (cs: readonly Control[]) => cs.map((c) => `"${c.framework}"`).join(', ');

/** Reads `Name <email>`; empty gives no owner. Throws the reason. */
export function parseOwner(text: string): Owner | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(.+?)\s*<\s*([^<>]*?)\s*>$/.exec(t);
  if (!m) throw new Error(`owner "${t}" is not in the form "Name <email>"`);
  const r = ownerSchema.safeParse({ name: m[1], email: m[2] });
  if (!r.success) throw new Error(`owner "${t}" has no valid e-mail address`);
  return r.data;
}

/** Reads a cadence as the schedule stores it (the words in lower case, durations upper). Throws. */
export function cadenceText(text: string): string {
  const c = parseCadence(text);
  const word = text.trim().toLowerCase();
  return c.kind === 'on-event' ? 'on-event' : /^p/.test(word) ? c.text : word;
}

/** Reads a tolerance in whole days (0–366); empty gives the default. Throws. */
export function parseTolerance(text: string | undefined): number {
  const t = (text ?? '').trim();
  if (!t) return DEFAULT_TOLERANCE_DAYS;
  if (!/^\d+$/.test(t) || Number(t) > 366)
    throw new Error(`tolerance "${t}" is not a whole number of days from 0 to 366`);
  return Number(t);
}

/** Names a second row for the same control. */
export function duplicates<T extends { controlId: string; where: string }>(rows: readonly T[]): string[] {
  const first = new Map<string, string>();
  const out: string[] = [];
  for (const r of rows) {
    const seen = first.get(r.controlId);
    if (seen) out.push(`${r.where}: control "${r.controlId}" is already scheduled at ${seen}`);
    else first.set(r.controlId, r.where);
  }
  return out;
}

/** The outcome: every schedule, or every problem (nothing is kept from a file with any). */
export function outcome(
  rows: readonly (ControlSchedule & { where: string })[],
  problems: string[],
  empty: string,
): ScheduleImport {
  const all = [...problems, ...duplicates(rows)];
  if (!all.length && !rows.length) all.push(empty);
  if (all.length) return { ok: false, problems: all };
  const schedules = rows.map(({ where: _, ...s }) => s);
  return { ok: true, schedules, frameworks: [...new Set(schedules.map((s) => s.framework))].sort() };
}
