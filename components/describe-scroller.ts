import type { ScrollChoice } from '../lib/page-agent/main-scroller';

/** What full page will do on a page, in one sentence (the popup and the panel show it before capturing). */
export function describeScroller(choice: ScrollChoice, where = ''): string {
  if (choice.element === 'document') return 'Full page will scroll the whole page.';
  if (choice.element === 'none') return 'Nothing on this page scrolls: full page captures the visible area.';
  return `Full page will scroll the pane ${choice.element}${where} (${choice.reason}). If it is the wrong one, capture an element instead.`;
}
