import { browser } from 'wxt/browser';
import type { Envelope, ProtocolMap } from './protocol';

type Handlers = {
  [K in keyof ProtocolMap]: (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]>>;
};

/** Registers one handler per message type; messages not of this protocol are left to others. */
export function serveProtocol(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown) => {
    const envelope = message as Partial<Envelope>;
    if (typeof envelope?.prooftrail !== 'string' || !(envelope.prooftrail in handlers)) return undefined;
    const handler = handlers[envelope.prooftrail] as (data: unknown) => Promise<unknown>;
    return handler(envelope.data);
  });
}
