import { z } from 'zod';
import { messenger } from './client';
import {
  type Audience,
  type MessageData,
  type MessageType,
  messages,
  type ProtocolMap,
  type Result,
} from './protocol';
import { type Caller, identifySender, type MessageSender, type Self } from './sender';

/** The caller a handler is given: an extension page, or the panel's content script and its tab. */
export type CallerFor<A extends Audience> = A extends 'panel'
  ? Extract<Caller, { kind: 'content-script' }>
  : Extract<Caller, { kind: 'extension-page' }>;

/** The worker's side of a message: data already checked against its schema, and who sent it. */
export type Handler<K extends MessageType> = (
  data: MessageData<K>,
  caller: CallerFor<(typeof messages)[K]['from']>,
) => Promise<ReturnType<ProtocolMap[K]>>;

/** One handler per message. */
export type Handlers = { [K in MessageType]: Handler<K> };

/** What the checks need from the browser, passed in so they run under a fake browser too. */
export interface ServeOptions {
  self: Self;
  /** Whether a content script is the on-page panel the worker opened in that very document. */
  isPanel(caller: Extract<Caller, { kind: 'content-script' }>): Promise<boolean>;
}

/** Registers every message's handler behind the sender and data checks. */
export function serveProtocol(handlers: Handlers, options: ServeOptions): () => void {
  const removers = (Object.keys(messages) as MessageType[]).map((type) =>
    messenger.onMessage(type, (message) =>
      receive(type, message.data, message.sender as MessageSender, handlers, options),
    ),
  );
  return () => {
    for (const remove of removers) remove();
  };
}

/**
 * Checks one message and hands it on: refused (with the reason) when the sender may not send it
 * or its data does not match the schema; a refused message is never acted on.
 */
export async function receive<K extends MessageType>(
  type: K,
  data: unknown,
  sender: MessageSender,
  handlers: Handlers,
  options: ServeOptions,
): Promise<ReturnType<ProtocolMap[K]>> {
  const spec = messages[type];
  const caller = identifySender(sender, options.self);
  const allowed =
    spec.from === 'panel'
      ? caller?.kind === 'content-script' && caller.frameId === 0 && (await options.isPanel(caller))
      : caller?.kind === 'extension-page';
  if (!allowed) {
    const who = spec.from === 'panel' ? 'the panel ProofTrail opened on the page' : "ProofTrail's own pages";
    return refuse(type, `it is accepted only from ${who}`) as ReturnType<ProtocolMap[K]>;
  }
  const parsed = spec.data.safeParse(data);
  if (!parsed.success)
    return refuse(type, `its data is malformed: ${z.prettifyError(parsed.error)}`) as ReturnType<
      ProtocolMap[K]
    >;
  const handler = handlers[type] as (data: unknown, caller: Caller) => Promise<ReturnType<ProtocolMap[K]>>;
  return handler(parsed.data, caller as Caller);
}

function refuse(type: MessageType, why: string): Result<never> {
  const error = `Refused "${type}": ${why}.`;
  console.warn(error);
  return { ok: false, error };
}
