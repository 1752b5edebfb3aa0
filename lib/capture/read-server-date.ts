import type { AgentCall } from './agent';

/** The page server's clock as the agent read it, or why not. */
export type ServerDate = { date?: string; reason?: string };

/**
 * Asks for the server's clock (the answer of the probe started with `token`, or a probe started
 * now); a capture never waits long for the network.
 */
export function readServerDate(agent: AgentCall, timeoutMs: number, token?: string): Promise<ServerDate> {
  return agent('agentServerDate', token ? { timeoutMs, token } : { timeoutMs }).catch(
    (): ServerDate => ({ reason: 'the page did not answer' }),
  );
}

/** The server's answer, or a reason once `waitMs` more have passed. */
export function serverDateWithin(server: Promise<ServerDate>, waitMs = 1000): Promise<ServerDate> {
  return Promise.race([
    server,
    new Promise<ServerDate>((r) =>
      setTimeout(() => r({ reason: 'the server did not answer in time' }), waitMs),
    ),
  ]);
}
