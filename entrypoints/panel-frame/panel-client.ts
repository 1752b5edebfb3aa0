import { sendMessage } from '../../lib/messaging/client';
import type { MessageType, ProtocolMap } from '../../lib/messaging/protocol';

type PanelMessage = Extract<
  MessageType,
  | 'getPanelContext'
  | 'captureFromPanel'
  | 'pickOnPage'
  | 'showBlackouts'
  | 'resizePanel'
  | 'closePanel'
  | 'previewFullPage'
>;

/**
 * The token the worker made when it opened this panel, handed over by the panel's page script in
 * the frame's address fragment. A copy of this page framed by a web page has none, or a guess:
 * the worker refuses its requests.
 */
const token = decodeURIComponent(location.hash.slice(1));

/** Sends a panel message to the worker with this panel's token; a failed send becomes an error reply. */
export function sendPanel<K extends PanelMessage>(
  type: K,
  data: Omit<Parameters<ProtocolMap[K]>[0], 'token'>,
): Promise<ReturnType<ProtocolMap[K]>> {
  const send = sendMessage as unknown as (type: K, data: unknown) => Promise<ReturnType<ProtocolMap[K]>>;
  return send(type, { ...data, token }).catch(
    (e: Error) => ({ ok: false, error: e.message }) as ReturnType<ProtocolMap[K]>,
  );
}

/** Tells the page script how tall the panel is, so the frame covers no more of the page than that. */
export function watchHeight(el: HTMLElement): void {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(el.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    void sendPanel('resizePanel', { height });
  }).observe(el);
}
