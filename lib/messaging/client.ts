import { browser } from 'wxt/browser';
import type { Envelope, ProtocolMap } from './protocol';

/** Sends a message to the background and returns its typed reply. */
export async function sendMessage<K extends keyof ProtocolMap>(
  type: K,
  data: Parameters<ProtocolMap[K]>[0],
): Promise<ReturnType<ProtocolMap[K]>> {
  const envelope: Envelope<K> = { prooftrail: type, data };
  return (await browser.runtime.sendMessage(envelope)) as ReturnType<ProtocolMap[K]>;
}
