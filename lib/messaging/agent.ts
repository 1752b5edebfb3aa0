import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from 'zod';
import {
  type AgentMessageData,
  type AgentMessageType,
  type AgentProtocolMap,
  agentMessages,
} from './protocol';
import type { MessageSender, Self } from './sender';

/** The worker's messenger to the scripts it injects into a page (sent to the tab's top frame). */
export const agentMessenger = defineExtensionMessaging<AgentProtocolMap>();

/** Page-side work for one agent message: data already checked against its schema. */
export type AgentHandlers = {
  [K in AgentMessageType]: (data: AgentMessageData<K>) => unknown;
};

/**
 * Answers the worker's messages in a page script: only from the extension itself (the page
 * cannot message an isolated world, but another sender is never acted on either), only data its
 * schema accepts; any failure becomes `{ ok: false, error }`. Returns a function that removes
 * the listeners again.
 */
export function serveAgent<K extends AgentMessageType>(
  handlers: Pick<AgentHandlers, K>,
  self: Self,
): () => void {
  // In a page, zod must not probe for eval (`Function('')`): checks run without generated code.
  z.config({ jitless: true });
  const removers = (Object.keys(handlers) as K[]).map((type) =>
    agentMessenger.onMessage(type, (message) =>
      answerAgent(type, message.data, message.sender as MessageSender, handlers[type], self),
    ),
  );
  return () => {
    for (const remove of removers) remove();
  };
}

/** Checks one agent message and runs its handler. */
export async function answerAgent<K extends AgentMessageType>(
  type: K,
  data: unknown,
  sender: MessageSender,
  handler: AgentHandlers[K],
  self: Self,
): Promise<ReturnType<AgentProtocolMap[K]>> {
  let reply: { ok: true; value: unknown } | { ok: false; error: string };
  try {
    reply = { ok: true, value: await handler(await check(type, data, sender, self)) };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return reply as ReturnType<AgentProtocolMap[K]>;
}

async function check<K extends AgentMessageType>(
  type: K,
  data: unknown,
  sender: MessageSender,
  self: Self,
): Promise<AgentMessageData<K>> {
  if (sender.id !== self.id || !sender.url?.startsWith(self.base) || sender.tab)
    throw new Error(`Refused "${type}": it is accepted only from ProofTrail's service worker.`);
  const parsed = agentMessages[type].safeParse(data);
  if (!parsed.success)
    throw new Error(`Refused "${type}": its data is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data as AgentMessageData<K>;
}

/** Sends one agent message to a tab's frame and returns the agent's reply. */
export function sendToAgent<K extends AgentMessageType>(
  type: K,
  data: AgentMessageData<K>,
  target: { tabId: number; frameId: number },
): Promise<ReturnType<AgentProtocolMap[K]>> {
  const send = agentMessenger.sendMessage as (
    type: K,
    data: AgentMessageData<K>,
    target: { tabId: number; frameId: number },
  ) => Promise<ReturnType<AgentProtocolMap[K]>>;
  return send(type, data, target);
}
