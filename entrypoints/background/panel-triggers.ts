import { browser } from 'wxt/browser';
import { openPanel } from './panel-service';

const MENU_ID = 'prooftrail-capture';

/** The context-menu item and the keyboard shortcut both open the on-page panel. */
export function registerPanelTriggers(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: MENU_ID,
      title: 'Capture as evidence…',
      contexts: ['page', 'selection', 'image', 'link'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID && tab?.id !== undefined) void openPanel({ tabId: tab.id });
  });
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== 'open-panel') return;
    const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    if (target?.id !== undefined) void openPanel({ tabId: target.id });
  });
}
