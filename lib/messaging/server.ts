import { browser } from 'wxt/browser';
import type { Envelope, ProtocolMap } from './protocol';

/** Who sent a message: the tab, for messages from a content script. */
export interface MessageSender {
  tab?: { id?: number };
}

type Handlers = {
  [K in keyof ProtocolMap]: (
    data: Parameters<ProtocolMap[K]>[0],
    sender: MessageSender,
  ) => Promise<ReturnType<ProtocolMap[K]>>;
};

/** Registers one handler per message type; messages not of this protocol are left to others. */
export function serveProtocol(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: MessageSender) => {
    const envelope = message as Partial<Envelope>;
    if (typeof envelope?.prooftrail !== 'string' || !(envelope.prooftrail in handlers)) return undefined;
    const handler = handlers[envelope.prooftrail] as (
      data: unknown,
      sender: MessageSender,
    ) => Promise<unknown>;
    return handler(envelope.data, sender);
  });
}
