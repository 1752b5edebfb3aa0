import { badgeCount, type DueItem } from './due';

/** Badge colours: red when any control is late, amber when all are merely due. */
export const BADGE_LATE_COLOR = '#B3261E';
export const BADGE_DUE_COLOR = '#8A5300';

/** What the toolbar button shows for these items. */
export interface BadgeState {
  /** Empty when nothing is due (the badge disappears). */
  text: string;
  color: string;
  /** Tooltip; undefined means the manifest's default title. */
  title?: string;
}

/** The badge for these due items: the count of distinct controls due or late. */
export function badgeFor(items: readonly DueItem[]): BadgeState {
  const n = badgeCount(items);
  const late = new Set(items.filter((i) => i.status === 'late').map((i) => i.controlId)).size;
  if (n === 0) return { text: '', color: BADGE_DUE_COLOR };
  const controls = n === 1 ? '1 control' : `${n} controls`;
  return {
    // A badge fits about four characters.
    text: n > 999 ? '999+' : String(n),
    color: late ? BADGE_LATE_COLOR : BADGE_DUE_COLOR,
    title: `ProofTrail: evidence for ${controls} due or late${late ? ` (${late} late)` : ''}`,
  };
}
