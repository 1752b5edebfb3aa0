import { browser } from 'wxt/browser';
import { restrictionReason } from '../../lib/capture/restricted';
import { listAllControls } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { activeUrlRules } from '../../lib/db/url-rules-repo';
import type { PanelContext, Result } from '../../lib/messaging/protocol';
import type { MessageSender } from '../../lib/messaging/server';
import { suggestControls } from '../../lib/rules/url-rules';
import { handleCaptureTab } from './capture-service';

/** Injects the on-page panel into a tab (on demand: nothing runs on pages until asked). */
export async function openPanel({ tabId }: { tabId: number }): Promise<Result<null>> {
  try {
    const tab = await browser.tabs.get(tabId);
    const restricted = tab.url ? restrictionReason(tab.url) : undefined;
    if (restricted) return { ok: false, error: restricted };
    await browser.scripting.executeScript({ target: { tabId }, files: ['/capture-panel.js'] });
    return { ok: true, value: null };
  } catch (e) {
    return {
      ok: false,
      error: `The panel cannot open on this page: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Controls, suggestions for the page and whether an identity is set, for the panel. */
export async function getPanelContext({ url }: { url: string }): Promise<Result<PanelContext>> {
  const db = getDb();
  const [controls, rules, identity] = await Promise.all([
    listAllControls(db),
    activeUrlRules(db),
    getIdentity(db),
  ]);
  const suggestion = suggestControls(url, rules);
  return {
    ok: true,
    value: {
      controls,
      suggested: suggestion.controlIds,
      suggestedBy: suggestion.rules.map((r) => r.label).join(', '),
      hasIdentity: !!identity,
    },
  };
}

/** A capture asked for by the panel: the tab is the one the panel runs in. */
export async function captureFromPanel(
  data: Parameters<typeof handleCaptureTab>[0] extends infer R ? Omit<R, 'tabId'> : never,
  sender: MessageSender,
) {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { ok: false as const, error: 'The panel is not in a tab.' };
  return handleCaptureTab({ ...data, tabId });
}
