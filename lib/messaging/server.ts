import { z } from 'zod';
import { messenger } from './client';
import {
  type Audience,
  type HandlerData,
  type MessageType,
  messages,
  type ProtocolMap,
  type Result,
} from './protocol';
import { type Caller, identifySender, type MessageSender, type Self } from './sender';

/** The caller a handler is given: an extension page, or the panel frame and its tab. */
export type CallerFor<A extends Audience> = A extends 'panel'
  ? Extract<Caller, { kind: 'panel-frame' }>
  : Extract<Caller, { kind: 'extension-page' }>;

/** The worker's side of a message: data already checked against its schema, and who sent it. */
export type Handler<K extends MessageType> = (
  data: HandlerData<K>,
  caller: CallerFor<(typeof messages)[K]['from']>,
) => Promise<ReturnType<ProtocolMap[K]>>;

/** One handler per message. */
export type Handlers = { [K in MessageType]: Handler<K> };

/** What the checks need from the browser, passed in so they run under a fake browser too. */
export interface ServeOptions {
  self: Self;
  /** Whether the token is the one the worker made when it opened the panel in the caller's tab. */
  isPanel(caller: CallerFor<'panel'>, token: string): Promise<boolean>;
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
 * Checks one message and hands it on: refused (with the reason) when the sender may not send it,
 * its data does not match the schema or, for the panel, its token is not the one the worker made
 * for the sender's tab; a refused message is never acted on. The token is taken off the data.
 */
export async function receive<K extends MessageType>(
  type: K,
  data: unknown,
  sender: MessageSender,
  handlers: Handlers,
  options: ServeOptions,
): Promise<ReturnType<ProtocolMap[K]>> {
  type Reply = ReturnType<ProtocolMap[K]>;
  const spec = messages[type];
  const caller = identifySender(sender, options.self);
  const who = spec.from === 'panel' ? 'the panel ProofTrail opened in this tab' : "ProofTrail's own pages";
  const refused = () => refuse(type, `it is accepted only from ${who}`) as Reply;
  // A panel frame is never a tab's top document: the real one is framed by the panel's page script.
  const allowedSender =
    spec.from === 'panel'
      ? caller?.kind === 'panel-frame' && caller.frameId > 0
      : caller?.kind === 'extension-page';
  if (!allowedSender) return refused();
  const parsed = spec.data.safeParse(data);
  if (!parsed.success)
    return refuse(type, `its data is malformed: ${z.prettifyError(parsed.error)}`) as Reply;
  let value: Record<string, unknown> = parsed.data;
  if (spec.from === 'panel') {
    const { token, ...rest } = parsed.data as { token: string };
    if (!(await options.isPanel(caller as CallerFor<'panel'>, token))) return refused();
    value = rest;
  }
  const handler = handlers[type] as (data: unknown, caller: Caller) => Promise<Reply>;
  return handler(value, caller as Caller);
}

function refuse(type: MessageType, why: string): Result<never> {
  const error = `Refused "${type}": ${why}.`;
  console.warn(error);
  return { ok: false, error };
}
