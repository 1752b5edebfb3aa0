import type { AgentCall } from './agent';

/** The page server's clock as the agent read it, or why not. */
export type ServerDate = { date?: string; reason?: string };

/** Starts reading the server's clock alongside the capture; a capture never waits long for the network. */
export function readServerDate(agent: AgentCall): Promise<ServerDate> {
  return agent('agentServerDate', { timeoutMs: 1500 }).catch(
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
