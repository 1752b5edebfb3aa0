import { browser } from 'wxt/browser';
import { restrictionReason } from '../../lib/capture/restricted';
import { listAllControls } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { activeUrlRules } from '../../lib/db/url-rules-repo';
import type { HandlerData, PanelContext, Result } from '../../lib/messaging/protocol';
import type { CallerFor } from '../../lib/messaging/server';
import { requestChoices } from '../../lib/requests/request-choices';
import { suggestControls } from '../../lib/rules/url-rules';
import { handleCaptureTab } from './capture-service';
import { toPanelScript } from './panel-relay';
import { endPanelSession, startPanelSession } from './panel-sessions';
import { reminderControlFor } from './reminder-panel';

/**
 * Opens the panel in a tab (on demand: nothing runs on pages until asked): injects the panel's
 * page script into the top frame (once per document) and hands it this opening's token. Only this
 * worker can do either, so a page cannot open or re-open the panel.
 */
export async function openPanel({ tabId }: { tabId: number }): Promise<Result<null>> {
  try {
    const tab = await browser.tabs.get(tabId);
    const restricted = tab.url ? restrictionReason(tab.url) : undefined;
    if (restricted) return { ok: false, error: restricted };
    const token = await startPanelSession(tabId);
    await browser.scripting.executeScript({ target: { tabId }, files: ['/capture-panel.js'] });
    return await toPanelScript(tabId, 'panelOpen', { token });
  } catch (e) {
    return {
      ok: false,
      error: `The panel cannot open on this page: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Closes the panel: its token is forgotten first, then the page script removes what it added. */
export async function closePanel(_data: HandlerData<'closePanel'>, { tabId }: CallerFor<'panel'>) {
  await endPanelSession(tabId);
  return toPanelScript(tabId, 'panelClose', {});
}

/** Controls, suggestions for the panel's page (its address as the browser reports it) and whether an identity is set. */
export async function getPanelContext(
  _data: HandlerData<'getPanelContext'>,
  { tabId, pageUrl }: CallerFor<'panel'>,
): Promise<Result<PanelContext>> {
  const db = getDb();
  const [controls, rules, identity, url, requests] = await Promise.all([
    listAllControls(db),
    activeUrlRules(db),
    getIdentity(db),
    pageUrl ??
      browser.tabs.get(tabId).then(
        (t) => t.url ?? '',
        () => '',
      ),
    requestChoices(db),
  ]);
  const suggestion = suggestControls(url, rules);
  const reminderFor = await reminderControlFor(tabId, url);
  return {
    ok: true,
    value: {
      controls,
      suggested: reminderFor ? [...new Set([reminderFor, ...suggestion.controlIds])] : suggestion.controlIds,
      suggestedBy: suggestion.rules.map((r) => r.label).join(', '),
      hasIdentity: !!identity,
      ...(reminderFor ? { reminderFor } : {}),
      requests,
    },
  };
}

/**
 * A capture asked for by the panel: the tab is the one the panel runs in, never one the data
 * names. The panel's frame and overlays are hidden (and that painted) before the first frame is
 * taken, and shown again afterwards; black-outs are burnt in by the worker from their coordinates.
 */
export async function captureFromPanel(
  data: HandlerData<'captureFromPanel'>,
  { tabId }: CallerFor<'panel'>,
): ReturnType<typeof handleCaptureTab> {
  const hidden = await toPanelScript(tabId, 'panelHide', {});
  if (!hidden.ok) return hidden;
  try {
    return await handleCaptureTab({ ...data, tabId });
  } finally {
    await toPanelScript(tabId, 'panelShow', {});
  }
}
