import { sendToAgent } from '../../lib/messaging/agent';
import type {
  AgentMessageData,
  AgentMessageType,
  AgentProtocolMap,
  HandlerData,
  Result,
} from '../../lib/messaging/protocol';
import type { CallerFor } from '../../lib/messaging/server';
import type { ScrollChoice } from '../../lib/page-agent/main-scroller';
import { handleDescribeFullPage } from './capture-service';

type AgentReply<K extends AgentMessageType> = ReturnType<AgentProtocolMap[K]>;

/**
 * Sends one message to the panel's page script in the tab's top frame. The frame and the page
 * script never talk to each other directly (a page can post messages to both): every step goes
 * through the worker, which checked the frame's token first.
 */
export async function toPanelScript<K extends AgentMessageType>(
  tabId: number,
  type: K,
  data: AgentMessageData<K>,
): Promise<AgentReply<K>> {
  const reply = await sendToAgent(type, data, { tabId, frameId: 0 }).catch((e: unknown) => {
    console.warn(`panel page script: ${type} got no answer`, e);
    return undefined;
  });
  return (reply ??
    ({
      ok: false,
      error: 'The page did not answer the panel (was it reloaded?). Open the panel again.',
    } satisfies Result<never>)) as AgentReply<K>;
}

/** Lets the user pick an element or drag a rectangle on the panel's page; the reply is their pick. */
export const pickOnPage = ({ tool }: HandlerData<'pickOnPage'>, { tabId }: CallerFor<'panel'>) =>
  toPanelScript(tabId, 'panelPick', { tool });

/** Draws the panel's black-out boxes over its page. */
export const showBlackouts = ({ boxes }: HandlerData<'showBlackouts'>, { tabId }: CallerFor<'panel'>) =>
  toPanelScript(tabId, 'panelShowBlackouts', { boxes });

/**
 * Full-page mode in the panel: what full page would scroll in the panel's tab, with the pane (when
 * it is not the document) outlined on the page; `show: false` removes the outline.
 */
export async function previewFullPage(
  { show }: HandlerData<'previewFullPage'>,
  { tabId }: CallerFor<'panel'>,
): Promise<Result<ScrollChoice | null>> {
  if (!show) {
    const cleared = await toPanelScript(tabId, 'panelOutline', {});
    return cleared.ok ? { ok: true, value: null } : cleared;
  }
  const described = await handleDescribeFullPage({ tabId });
  if (!described.ok) return described;
  const outlined = await toPanelScript(
    tabId,
    'panelOutline',
    'pane' in described.value ? { selector: described.value.element } : {},
  );
  return outlined.ok ? described : outlined;
}

/** Fits the panel's frame to its content. */
export const resizePanel = ({ height }: HandlerData<'resizePanel'>, { tabId }: CallerFor<'panel'>) =>
  toPanelScript(tabId, 'panelResize', { height });
