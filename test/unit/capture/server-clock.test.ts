import { describe, expect, it } from 'vitest';
import { probeServerClock, serverClockProbeUrl } from '../../../lib/capture/server-clock';

describe('server clock probe', () => {
  it.each([
    ['https://a.example/once?token=abc#x', 'https://a.example/'],
    ['http://127.0.0.1:8080/deep/path/page.html', 'http://127.0.0.1:8080/'],
    ['https://user:pw@a.example:8443/x', 'https://a.example:8443/'],
    ['file:///etc/passwd', undefined],
    ['not a url', undefined],
  ])('probes %s at %s', (page, target) => {
    expect(serverClockProbeUrl(page)).toBe(target);
  });

  it('sends one credential-free, referrer-free, same-origin HEAD to the origin root', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fake = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(null, { headers: { date: 'Sat, 28 Nov 2026 10:11:14 GMT' } });
    }) as typeof fetch;
    const reading = await probeServerClock('https://a.example/reset?ticket=one-time', 500, fake);
    expect(reading).toEqual({ date: '2026-11-28T10:11:14.000Z' });
    expect(calls).toHaveLength(1);
    const [url, init] = calls[0]!;
    expect(url).toBe('https://a.example/');
    expect(init).toMatchObject({
      method: 'HEAD',
      credentials: 'omit',
      mode: 'same-origin',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
  });

  it.each([
    ['no Date header', async () => new Response(null), /no Date header/],
    ['an unreadable Date', async () => new Response(null, { headers: { date: 'soon' } }), /no Date header/],
    [
      'a network error',
      async () => {
        throw new TypeError('Failed to fetch');
      },
      /did not answer a HEAD request to its root \(TypeError\)/,
    ],
  ])('says why there is no clock on %s', async (_, impl, reason) => {
    const reading = await probeServerClock('https://a.example/x', 500, impl as unknown as typeof fetch);
    expect(reading.date).toBeUndefined();
    expect(reading.reason).toMatch(reason);
  });

  it('does not probe a page that was not loaded over HTTP', async () => {
    const fake = (async () => {
      throw new Error('must not be called');
    }) as typeof fetch;
    expect(await probeServerClock('file:///tmp/x.html', 500, fake)).toEqual({
      reason: 'the page was not loaded over HTTP',
    });
  });
});
