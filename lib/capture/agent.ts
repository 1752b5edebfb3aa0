import type { AgentProtocolMap } from '../messaging/protocol';

/** Calls the capture agent in the page; rejects with the agent's message on failure. */
export type AgentCall = <K extends keyof AgentProtocolMap>(
  type: K,
  data: Parameters<AgentProtocolMap[K]>[0],
) => Promise<Extract<ReturnType<AgentProtocolMap[K]>, { ok: true }>['value']>;
