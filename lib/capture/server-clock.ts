/** What the clock probe learnt: the server's `Date` as ISO-8601, or why there is none. */
export interface ServerClockReading {
  date?: string;
  reason?: string;
}

/** Where the probe goes: the root of the page's origin, never the page's own address. */
export function serverClockProbeUrl(pageUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return undefined;
  }
  // The origin drops user:password@ too: no credentials travel in the address either.
  return /^https?:$/.test(url.protocol) ? `${url.origin}/` : undefined;
}

/**
 * Reads the page server's clock with a HEAD request to its origin root. No cookies or other
 * credentials, no referrer (the page's address may hold secrets) and no redirect off the origin,
 * so the probe cannot consume a one-time link, act in the user's name, or reach another server.
 */
export async function probeServerClock(
  pageUrl: string,
  timeoutMs: number,
  fetchFn: typeof fetch = fetch,
): Promise<ServerClockReading> {
  const target = serverClockProbeUrl(pageUrl);
  if (!target) return { reason: 'the page was not loaded over HTTP' };
  try {
    const res = await fetchFn(target, {
      method: 'HEAD',
      cache: 'no-store',
      credentials: 'omit',
      mode: 'same-origin',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const header = res.headers.get('date');
    const date = header ? new Date(header) : undefined;
    return date && !Number.isNaN(date.getTime())
      ? { date: date.toISOString() }
      : { reason: 'the server sent no Date header' };
  } catch (e) {
    return {
      reason: `the server did not answer a HEAD request to its root (${e instanceof Error ? e.name : 'error'})`,
    };
  }
}
