import { browser } from 'wxt/browser';
import { restrictionReason } from '../../lib/capture/restricted';
import { listAllControls } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { activeUrlRules } from '../../lib/db/url-rules-repo';
import type { MessageData, PanelContext, Result } from '../../lib/messaging/protocol';
import type { CallerFor } from '../../lib/messaging/server';
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

/** Controls, suggestions for the panel's page (its address as the browser reports it) and whether an identity is set. */
export async function getPanelContext(
  _data: MessageData<'getPanelContext'>,
  { url }: CallerFor<'panel'>,
): Promise<Result<PanelContext>> {
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

/** A capture asked for by the panel: the tab is the one the panel runs in, never one the data names. */
export function captureFromPanel(
  data: MessageData<'captureFromPanel'>,
  { tabId }: CallerFor<'panel'>,
): ReturnType<typeof handleCaptureTab> {
  return handleCaptureTab({ ...data, tabId });
}

/** Set by the panel script in its isolated world, which the page cannot reach. */
const PANEL_FLAG = '__prooftrailPanelOpen';

/**
 * Whether a content script is the panel ProofTrail opened: asks that very document's isolated
 * world (by document id where the browser has one) whether the panel is open there.
 */
export async function isPanelDocument(caller: CallerFor<'panel'>): Promise<boolean> {
  const target = caller.documentId
    ? { tabId: caller.tabId, documentIds: [caller.documentId] }
    : { tabId: caller.tabId, frameIds: [caller.frameId] };
  try {
    const [result] = await browser.scripting.executeScript({
      target: target as { tabId: number },
      args: [PANEL_FLAG],
      func: (flag: string) => (globalThis as Record<string, unknown>)[flag] === true,
    });
    return result?.result === true;
  } catch {
    return false;
  }
}
