import { sendToAgent } from '../../lib/messaging/agent';
import type {
  AgentMessageData,
  AgentMessageType,
  AgentProtocolMap,
  HandlerData,
  Result,
} from '../../lib/messaging/protocol';
import type { CallerFor } from '../../lib/messaging/server';

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

/** Fits the panel's frame to its content. */
export const resizePanel = ({ height }: HandlerData<'resizePanel'>, { tabId }: CallerFor<'panel'>) =>
  toPanelScript(tabId, 'panelResize', { height });
