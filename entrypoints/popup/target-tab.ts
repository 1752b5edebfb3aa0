import { browser } from 'wxt/browser';

/** The tab a capture will be taken of. */
export interface TargetTab {
  id: number;
  url?: string;
  title?: string;
}

/**
 * The active tab of the popup's window; `?tab=ID` names another tab (used when the popup is opened
 * in a window of its own, as the command line and tests do).
 */
export function findTargetTab(search = location.search): Promise<TargetTab> {
  // One lookup per page: the popup's first paint (Shell.tsx) and its form (App.tsx) share it.
  if (search !== location.search) return lookUp(search);
  asked ??= lookUp(search);
  return asked;
}

let asked: Promise<TargetTab> | undefined;

/** Takes a lookup of this page's tab already made (popup-early.ts), unless one was made here. */
export function adoptTargetTab(early: Promise<TargetTab>): void {
  asked ??= early;
}

async function lookUp(search: string): Promise<TargetTab> {
  const named = new URLSearchParams(search).get('tab');
  if (named !== null) {
    const id = Number(named);
    if (!Number.isInteger(id) || id < 0) throw new Error(`"tab=${named}" is not a tab number.`);
    const tab = await browser.tabs.get(id);
    return { id, url: tab.url, title: tab.title };
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('No active tab to capture.');
  return { id: tab.id, url: tab.url, title: tab.title };
}
