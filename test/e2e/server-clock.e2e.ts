import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { latestRecord } from './stored';
import { launch } from './support';

/** One request the site saw. */
interface Hit {
  method: string;
  url: string;
  cookie?: string;
  referer?: string;
}

// A site with a one-time link: it counts every request and sets a session cookie, so a probe
// that re-requested the page, or sent the user's cookies, would show in its log.
let hits: Hit[] = [];
let server: Server;
let origin: string;
let b: LaunchedBrowser;

function answer(req: IncomingMessage, res: import('node:http').ServerResponse) {
  hits.push({
    method: req.method ?? '',
    url: req.url ?? '',
    cookie: req.headers.cookie,
    referer: req.headers.referer,
  });
  if (req.url?.startsWith('/once.html')) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': 'sid=COOKIE-SECRET; Path=/; SameSite=Lax',
      'cache-control': 'no-store',
    });
    res.end('<!doctype html><title>Reset link</title><h1>Your one-time reset link</h1>');
    return;
  }
  res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/plain' });
  res.end(req.method === 'HEAD' ? undefined : 'root');
}

beforeAll(async () => {
  server = createServer(answer);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  b = await launch();
});
afterAll(async () => {
  await b?.close();
  server?.close();
});

describe('server clock probe', () => {
  it("asks the origin root, without cookies or referrer, and never re-requests the page's own address", async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${origin}/once.html?ticket=one-time-abc`);
    await tab.page.waitForLoadState('load');
    // The cookie is really there, so its absence from the probe means something.
    expect((await b.context.cookies(origin)).map((c) => c.name)).toContain('sid');
    hits = hits.filter((h) => h.url.startsWith('/once.html'));
    expect(hits).toHaveLength(1);

    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.8.15']);
    await popup.capture();
    const record = await latestRecord(b);

    const page = hits.filter((h) => h.url.startsWith('/once.html'));
    expect(page, 'the one-time link is requested once: by the browser navigating to it').toHaveLength(1);
    expect(page[0]!.method).toBe('GET');
    const probes = hits.filter((h) => h.url === '/');
    expect(probes).toEqual([{ method: 'HEAD', url: '/', cookie: undefined, referer: undefined }]);
    expect(record.serverClock).toMatchObject({ source: 'origin-head' });
    expect(Math.abs(record.serverClock!.skewMs)).toBeLessThan(3000);
    await popup.page.close();
  });
});
