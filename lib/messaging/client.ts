import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from './protocol';

/** The extension's one typed messenger: pages and the panel send with it, the worker listens. */
export const messenger = defineExtensionMessaging<ProtocolMap>();

/** Sends a message to the worker and returns its typed reply. */
export const sendMessage = messenger.sendMessage;
