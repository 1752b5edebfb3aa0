import { describe, expect, it, vi } from 'vitest';
import type { AgentCall } from '../../../lib/capture/agent';
import { type CaptureDeps, capturePage } from '../../../lib/capture/capture-page';
import type { ComposeSpec } from '../../../lib/capture/compose';
import { createCaptureScheduler } from '../../../lib/capture/rate-limit';
import { recordSteps } from '../../../lib/capture/step-timings';
import { defaultCaptureSettings, setCaptureSettings } from '../../../lib/db/capture-settings-repo';
import { getPageContext, listCaptures } from '../../../lib/db/captures-repo';
import { lastLedgerRecord } from '../../../lib/db/ledger-repo';
import { setIdentity } from '../../../lib/db/settings-repo';
import { captureMetadataSchema } from '../../../lib/formats/capture-metadata';
import { canonicalSha256 } from '../../../lib/integrity/canonical';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { freshDb, PNG_1X1_BASE64, PNG_1X1_DATA_URL } from '../helpers';

const composed: ComposeSpec[] = [];
const metrics = {
  scrollWidth: 1,
  scrollHeight: 1,
  viewportWidth: 1,
  viewportHeight: 1,
  scrollX: 0,
  scrollY: 0,
  devicePixelRatio: 2,
  title: 'Users · Console',
};
const pageText = { text: 'Users\nDana', redacted: false };
/** The page's one answer to a capture that does not scroll (agentView). */
const viewReply = (o: { metrics?: object; areas?: unknown[]; text?: object; document?: string } = {}) => ({
  metrics: o.metrics ?? metrics,
  inspection: { areas: o.areas ?? [], text: o.text ?? pageText },
  document: o.document ?? '1.5',
});
const agentReplies: Record<string, unknown> = {
  agentView: viewReply(),
  agentBegin: metrics,
  agentRedactions: [],
  agentPageText: pageText,
  agentInspectView: { areas: [], text: pageText },
  agentRestore: null,
  agentServerDate: { date: '2026-11-28T10:11:14.000Z' },
  agentFindScroller: { element: 'document', reason: 'the document scrolls 200 px past the viewport' },
};
const fakeAgent = (async (type: string) => agentReplies[type]) as AgentCall;

function deps(overrides: Partial<CaptureDeps> = {}): CaptureDeps {
  return {
    db: freshDb(),
    schedule: (fn) => fn(),
    getTab: async () => ({ windowId: 1, url: 'https://console.example/users', title: 'Users', active: true }),
    captureVisibleTab: async () => PNG_1X1_DATA_URL,
    connectAgent: async () => fakeAgent,
    loadRenderer: async () => undefined,
    pageSnapshot: async () => ({
      blob: new Blob(['MIME-Version: 1.0']),
      format: 'mhtml',
      mediaType: 'multipart/related',
    }),
    compose: async (spec: ComposeSpec) => {
      composed.push(spec);
      const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
      return { png, width: 1, height: 1, bannerHeight: 0 };
    },
    browserInfo: async () => ({ name: 'Chromium', version: '156.0.1' }),
    extensionVersion: '0.1.0',
    now: () => new Date('2026-11-28T10:11:12.345Z'),
    ...overrides,
  };
}

const request = { tabId: 7, controlIds: ['A.5.18', 'CC6.3'], note: '  quarterly review ' };

describe('capturePage', () => {
  it('stores a complete, hashed record with its image', async () => {
    const d = deps();
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(captureMetadataSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      controlIds: ['A.5.18', 'CC6.3'],
      note: 'quarterly review',
      pageUrl: 'https://console.example/users',
      pageTitle: 'Users · Console',
      capturedAt: '2026-11-28T10:11:12.345Z',
      capturer: { name: 'Dana', email: 'dana@example.com' },
      browser: { name: 'Chromium', version: '156.0.1' },
      viewport: { width: 1, height: 1 },
      devicePixelRatio: 2,
      captureMode: 'visible',
      method: 'screenshot',
      image: { format: 'png', width: 1, height: 1 },
    });
    expect(composed.at(-1)?.banner?.[0]).toBe('URL: https://console.example/users');
    const context = await getPageContext(d.db, record.id);
    expect(await context?.text?.text()).toBe('Users\nDana');
    expect(record.pageText?.sha256).toBe(await sha256Hex(new TextEncoder().encode('Users\nDana')));
    expect(record.pageSnapshot).toMatchObject({ format: 'mhtml', byteLength: 17 });
    // The third clock: the server's Date, 1.655 s after the local capture time.
    expect(record.serverClock).toEqual({
      date: '2026-11-28T10:11:14.000Z',
      skewMs: 1655,
      source: 'origin-head',
    });
    expect(record.controls[0]?.framework).toBe('ISO/IEC 27001:2022');
    expect(record.utcOffset).toMatch(/^[+-]\d\d:\d\d$/);
    const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
    expect(record.image.sha256).toBe(await sha256Hex(png));
    const { metadataSha256, ...rest } = record;
    expect(metadataSha256).toBe(await canonicalSha256(rest));
    const stored = await d.db.images.get(record.id);
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(png);
  });

  it.each([
    [
      'a restricted page',
      { getTab: async () => ({ windowId: 1, url: 'chrome://settings', active: true }) },
      /Browser pages/,
    ],
    [
      'the Web Store',
      { getTab: async () => ({ windowId: 1, url: 'https://chromewebstore.google.com/x', active: true }) },
      /store/,
    ],
    [
      'a refused capture',
      {
        captureVisibleTab: async () =>
          Promise.reject(new Error("Either the '<all_urls>' or 'activeTab' permission is required.")),
      },
      /no permission/,
    ],
    [
      'a background tab',
      { getTab: async () => ({ windowId: 1, url: 'https://x.example', active: false }) },
      /visible tab/,
    ],
  ])('refuses %s with a clear message and stores nothing', async (_, overrides, message) => {
    const d = deps(overrides as Partial<CaptureDeps>);
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage(request, d)).rejects.toThrow(message);
    expect(await listCaptures(d.db)).toEqual([]);
    expect(await d.db.images.count()).toBe(0);
  });

  it('stores the screenshot untouched when there is nothing to mask or label', async () => {
    const d = deps();
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await setCaptureSettings(d.db, { ...defaultCaptureSettings, banner: false });
    const before = composed.length;
    const record = await capturePage(request, d);
    expect(composed.length).toBe(before);
    expect(record.banner).toBeUndefined();
  });

  it('starts decoding the screenshot as it is taken when a banner will be drawn on it, and only then', async () => {
    const decodes: string[] = [];
    const bitmap = { close() {} } as ImageBitmap;
    const decodeFrame = async (dataUrl: string) => {
      decodes.push(dataUrl);
      return bitmap;
    };
    const d = deps({ decodeFrame });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await capturePage(request, d);
    expect(decodes).toEqual([PNG_1X1_DATA_URL]);
    const piece = composed.at(-1)?.pieces[0];
    expect(piece?.dataUrl).toBe(PNG_1X1_DATA_URL);
    expect(await piece?.decoded).toBe(bitmap);

    await setCaptureSettings(d.db, { ...defaultCaptureSettings, banner: false });
    const before = composed.length;
    await capturePage(request, d);
    expect(decodes).toHaveLength(1);
    expect(composed.length).toBe(before);
  });

  it('names each step when timings are asked for, and stores none of them', async () => {
    const timings = recordSteps();
    const d = deps({ timings });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    const { steps, calls } = timings.report();
    expect(steps.map(([step]) => step)).toEqual([
      'check request + identify tab',
      'connect agent (rest)',
      'frames (tab checks + screenshot + inspection)',
      'page text',
      'wait for snapshot + tab check',
      'wait for server clock',
      'describe (hashes)',
      'seal',
      'commit: wait for the ledger read ahead',
      'commit: hash + sign the entry',
      'commit: transaction (ledger + capture tables)',
      'wait for the page put back',
    ]);
    expect(Object.keys(calls).sort()).toEqual([
      'agent agentServerDate',
      'agent agentView',
      'captureVisibleTab',
      'check request',
      'connect agent',
      'page snapshot',
      'snapshot + tab check (beside compose)',
      'tab reads',
    ]);
    expect(JSON.stringify(record)).not.toMatch(/timings|compose:|tab reads/);
    expect(captureMetadataSchema.parse(record)).toEqual(record);
  });

  it('asks for an identity before the first capture', async () => {
    await expect(capturePage(request, deps())).rejects.toThrow(/name and email/);
  });

  it('refuses unknown controls and an empty selection', async () => {
    const d = deps();
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage({ ...request, controlIds: ['Z.9'] }, d)).rejects.toThrow(
      /Unknown control "Z.9"/,
    );
    await expect(capturePage({ ...request, controlIds: [] }, d)).rejects.toThrow(/at least one control/);
  });

  it('waits out the two-a-second limit instead of failing', async () => {
    let clock = 0;
    const waits: number[] = [];
    const schedule = createCaptureScheduler(
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );
    const fn = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(
        new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.'),
      )
      .mockResolvedValue(PNG_1X1_DATA_URL);
    const d = deps({ schedule, captureVisibleTab: fn });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await capturePage(request, d);
    await capturePage(request, d);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(waits.every((w) => w > 0 && w <= 510)).toBe(true);
    expect(waits.length).toBe(2);
    expect(await d.db.captures.count()).toBe(2);
  });
});

describe('capturePage keeps secrets out of the address and the title', () => {
  const secretTab = {
    windowId: 1,
    url: 'https://console.example/users?session_token=SECRET1&q=ok#access_token=SECRET2',
    title: 'Keys',
    active: true,
  };
  const secretMetrics = { ...metrics, title: 'API key sk_live_TITLE3 · Console' };
  const agent = (async (type: string) =>
    type === 'agentView' ? viewReply({ metrics: secretMetrics }) : agentReplies[type]) as AgentCall;

  it('stores, draws and signs the redacted address and title, and keeps no snapshot', async () => {
    const snapshots: number[] = [];
    const d = deps({
      getTab: async () => secretTab,
      connectAgent: async () => agent,
      pageSnapshot: async () => {
        snapshots.push(1);
        return { blob: new Blob(['x']), format: 'mhtml', mediaType: 'multipart/related' };
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await setCaptureSettings(d.db, { ...defaultCaptureSettings, redactPatterns: ['sk_live_\\w+'] });
    const record = await capturePage(request, d);
    expect(captureMetadataSchema.parse(record)).toEqual(record);
    expect(record.pageUrl).toBe(
      'https://console.example/users?session_token=[redacted]&q=ok#access_token=[redacted]',
    );
    expect(record.urlRedactions).toEqual(['session_token', 'access_token']);
    expect(record.pageTitle).toBe('API key [redacted] · Console');
    expect(record.notices).toContain('The page title was masked by a text pattern.');
    expect(composed.at(-1)?.banner?.[0]).toBe(`URL: ${record.pageUrl}`);
    expect(snapshots).toEqual([]);
    expect(record.pageSnapshot).toBeUndefined();
    expect(record.pageSnapshotOmitted).toMatch(/secret parameters \(session_token, access_token\)/);
    // The metadata hash covers the list: edit it and the hash no longer matches.
    const { metadataSha256, ...rest } = record;
    expect(metadataSha256).toBe(await canonicalSha256(rest));
    expect(await canonicalSha256({ ...rest, urlRedactions: ['q'] })).not.toBe(metadataSha256);
    const entry = (await lastLedgerRecord(d.db))!.entry;
    // The signed entry names no page at all: it signs the record's hash, which covers the address.
    expect(entry.artifacts.metadata).toBe(metadataSha256);
    expect(JSON.stringify(entry)).not.toContain('console.example');
    const everything = JSON.stringify([record, entry, composed.at(-1)?.banner]);
    for (const secret of ['SECRET1', 'SECRET2', 'sk_live_TITLE3']) expect(everything).not.toContain(secret);
  });

  it('keeps the address as it was when the names list is empty, with no urlRedactions field', async () => {
    const d = deps({ getTab: async () => secretTab });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await setCaptureSettings(d.db, { ...defaultCaptureSettings, urlSecretParams: [] });
    const record = await capturePage(request, d);
    expect(record.pageUrl).toBe(secretTab.url);
    expect('urlRedactions' in record).toBe(false);
    expect(record.pageSnapshot).toMatchObject({ format: 'mhtml' });
  });
});

describe('capturePage puts the page back', () => {
  it('commits without waiting for the page to be put back, and returns only once it is', async () => {
    let putBack!: () => void;
    const restoring = new Promise<void>((r) => {
      putBack = r;
    });
    let restoreAsked = false;
    const scrolling = scrollingAgent([], () => []);
    const agent = (async (type: string, data: never) => {
      if (type === 'agentRestore') {
        restoreAsked = true;
        await restoring;
      }
      return scrolling(type as 'agentRestore', data);
    }) as AgentCall;
    const d = deps({ connectAgent: async () => agent, captureVisibleTab: async () => pngOfSize(100, 100) });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    let returned = false;
    const capture = capturePage({ ...request, mode: 'full-page' }, d).then((r) => {
      returned = true;
      return r;
    });
    // The record, image and ledger entry are committed while the page is still being put back.
    await vi.waitFor(async () => expect(await d.db.ledger.count()).toBe(1));
    expect(await d.db.captures.count()).toBe(1);
    expect(restoreAsked).toBe(true);
    expect(returned).toBe(false);
    putBack();
    const record = await capture;
    expect(returned).toBe(true);
    expect((await listCaptures(d.db))[0]!.id).toBe(record.id);
  });

  it('restores the page even when the capture fails half-way', async () => {
    const calls: string[] = [];
    const failing = (async (type: string) => {
      calls.push(type);
      if (type === 'agentScrollTo') throw new Error('the page navigated away');
      return agentReplies[type] ?? null;
    }) as AgentCall;
    const d = deps({ connectAgent: async () => failing });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage({ ...request, mode: 'full-page' }, d)).rejects.toThrow(/navigated away/);
    expect(calls.at(-1)).toBe('agentRestore');
    expect(await d.db.captures.count()).toBe(0);
  });
});

/** A PNG header the size readers accept: `width`×`height`, no pixels (compose is faked). */
function pngOfSize(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return `data:image/png;base64,${btoa(String.fromCharCode(...bytes))}`;
}

/** A 100×300 page seen through a 100×100 viewport: three frames, scrolled by the fake agent. */
function scrollingAgent(calls: string[], areasAt: (scrollY: number) => unknown[]): AgentCall {
  let scrollY = 0;
  const tall = {
    ...metrics,
    viewportWidth: 100,
    viewportHeight: 100,
    scrollHeight: 300,
    devicePixelRatio: 1,
  };
  return (async (type: string, data: { y?: number }) => {
    calls.push(type);
    if (type === 'agentScrollTo') {
      scrollY = data.y ?? 0;
      return { scrollX: 0, scrollY };
    }
    if (type === 'agentRedactions') return areasAt(scrollY);
    if (type === 'agentBegin') return tall;
    if (type === 'agentHideFixed') return { hidden: 0 };
    return agentReplies[type] ?? null;
  }) as AgentCall;
}

const tab = {
  windowId: 1,
  url: 'https://console.example/users',
  title: 'Users',
  active: true,
  document: '1.5',
};

describe('capturePage: one tab, one moment', () => {
  it.each([
    ['a switch to another tab', { active: false }, /another tab became the visible tab/],
    ['a navigation', { url: 'https://console.example/logout', document: '9.5' }, /another address/],
    ['a reload', { document: '9.5' }, /reloaded or replaced/],
  ])('stops a full-page capture at %s between frames and stores nothing', async (_, change, reason) => {
    const calls: string[] = [];
    let shots = 0;
    const d = deps({
      // The tab changes once the second frame has been taken.
      getTab: async () => (shots >= 2 ? { ...tab, ...change } : tab),
      captureVisibleTab: async () => {
        shots++;
        return pngOfSize(100, 100);
      },
      connectAgent: async () => scrollingAgent(calls, () => []),
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const failure = capturePage({ ...request, mode: 'full-page' }, d);
    await expect(failure).rejects.toThrow(
      /^The tab changed during the capture \(.+\); nothing was stored\.$/,
    );
    await expect(failure).rejects.toThrow(reason);
    expect(shots).toBe(2);
    expect(calls.at(-1)).toBe('agentRestore');
    expect(await d.db.captures.count()).toBe(0);
    expect(await d.db.images.count()).toBe(0);
    expect(await d.db.ledger.count()).toBe(0);
  });

  it('says the tab changed when a navigated page stops answering the agent', async () => {
    let gone = false;
    const agent = (async (type: string) => {
      if (type === 'agentScrollTo') {
        gone = true;
        throw new Error('The page did not answer the capture agent (was it navigating?). Try again.');
      }
      return agentReplies[type] ?? null;
    }) as AgentCall;
    const d = deps({
      getTab: async () => (gone ? { ...tab, document: '2.5' } : tab),
      connectAgent: async () => agent,
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage({ ...request, mode: 'full-page' }, d)).rejects.toThrow(
      'The tab changed during the capture (the page was reloaded or replaced); nothing was stored.',
    );
    expect(await d.db.captures.count()).toBe(0);
  });

  it('records the address and title read with the first frame, not before', async () => {
    let shots = 0;
    const d = deps({
      getTab: async () => (shots ? { ...tab, url: `${tab.url}#after`, title: 'After' } : tab),
      captureVisibleTab: async () => {
        shots++;
        return PNG_1X1_DATA_URL;
      },
      connectAgent: async () =>
        (async (type: string) =>
          type === 'agentView'
            ? viewReply({ metrics: { ...metrics, title: '' } })
            : agentReplies[type]) as AgentCall,
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(record).toMatchObject({ pageUrl: `${tab.url}#after`, pageTitle: 'After' });
  });

  it('measures masks at every scroll position of a full-page capture', async () => {
    const calls: string[] = [];
    // A virtualized table: each position renders only the row in view.
    const rowAt = (y: number) => [
      { x: 10, y: y + 40, width: 50, height: 10, rule: 'text-pattern', detail: 'sk_\\w+' },
    ];
    const d = deps({
      getTab: async () => tab,
      captureVisibleTab: async () => pngOfSize(100, 100),
      connectAgent: async () => scrollingAgent(calls, rowAt),
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage({ ...request, mode: 'full-page' }, d);
    expect(record.frames).toBe(3);
    const boxes = record.redactions.map((r) => [r.x, r.y, r.width, r.height]);
    expect(boxes).toEqual([
      [10, 40, 50, 10],
      [10, 140, 50, 10],
      [10, 240, 50, 10],
    ]);
    expect(composed.at(-1)?.masks).toHaveLength(3);
    expect(calls.filter((c) => c === 'agentRedactions').length).toBe(4); // each frame, then once more
  });
});

describe('capturePage keeps the text of what was captured', () => {
  const inspected = ['agentView', 'agentInspectView', 'agentRedactions', 'agentPageText'];
  it.each([
    ['visible', {}, 'agentView', { kind: 'viewport' }],
    ['full-page', { mode: 'full-page' as const }, 'agentPageText', { kind: 'page' }],
    [
      'region',
      { mode: 'region' as const, region: { x: 0, y: 0, width: 1, height: 1 } },
      'agentView',
      { kind: 'region', rect: { x: 0, y: 0, width: 1, height: 1 } },
    ],
  ])('asks the agent for the %s text (%s)', async (_, extra, message, scope) => {
    const asked: [string, unknown][] = [];
    const agent = (async (type: string, data: unknown) => {
      if (type === 'agentPageText' || type === 'agentView') asked.push([type, data]);
      if (type === 'agentScrollTo') return { scrollX: 0, scrollY: 0 };
      return agentReplies[type] ?? null;
    }) as AgentCall;
    const d = deps({ connectAgent: async () => agent });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await capturePage({ ...request, ...extra }, d);
    expect(asked).toEqual([[message, expect.objectContaining({ scope })]]);
  });

  it('reads the masks and the text of the visible area in one pass over the page', async () => {
    const calls: string[] = [];
    const area = { x: 0, y: 0, width: 1, height: 1, rule: 'selector', detail: '.key' };
    const text = { text: 'Key [redacted]', redacted: true, matchedAnywhere: true };
    const agent = (async (type: string) => {
      calls.push(type);
      return type === 'agentView' ? viewReply({ areas: [area], text }) : (agentReplies[type] ?? null);
    }) as AgentCall;
    const d = deps({ connectAgent: async () => agent });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(calls.filter((c) => inspected.includes(c))).toEqual(['agentView']);
    expect(record.redactions).toEqual([
      { x: 0, y: 0, width: 1, height: 1, rule: 'selector', detail: '.key' },
    ]);
    expect(record.pageText?.byteLength).toBe(new TextEncoder().encode(text.text).byteLength);
    expect(record.pageSnapshotOmitted).toMatch(/Redaction was applied/);
  });

  it('keeps no snapshot when a rule matched outside the capture, and lists what was not inspected', async () => {
    const text = {
      text: 'Users',
      redacted: false,
      matchedAnywhere: true,
      notInspected: ['cross-origin frame https://x.example'],
    };
    const agent = (async (type: string) =>
      type === 'agentView' ? viewReply({ text }) : agentReplies[type]) as AgentCall;
    const d = deps({ connectAgent: async () => agent });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(record.pageSnapshot).toBeUndefined();
    expect(record.pageSnapshotOmitted).toMatch(/matched content outside what was captured/);
    expect(record.notices).toEqual([
      expect.stringMatching(/^Not inspected for redaction: cross-origin frame https:\/\/x\.example/),
    ]);
  });
});

describe('capturePage: what runs beside composing', () => {
  it('composes the image while the snapshot is being made', async () => {
    let composeStarted!: () => void;
    const started = new Promise<void>((r) => {
      composeStarted = r;
    });
    const base = deps();
    const d = deps({
      db: base.db,
      // The snapshot is made only once composing has started: done one after the other, the
      // snapshot would give up and the record would have none.
      pageSnapshot: async () => {
        await Promise.race([
          started,
          new Promise((_, reject) => setTimeout(() => reject(new Error('compose did not start')), 1000)),
        ]);
        return { blob: new Blob(['MIME-Version: 1.0']), format: 'mhtml', mediaType: 'multipart/related' };
      },
      compose: async (spec, bannerText, mark) => {
        composeStarted();
        return base.compose!(spec, bannerText, mark);
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(record.pageSnapshot).toMatchObject({ format: 'mhtml', byteLength: 17 });
  });

  it('stores nothing when the tab changed while the snapshot was made', async () => {
    const calls: string[] = [];
    let snapshotMade = false;
    const d = deps({
      getTab: async () => (snapshotMade ? { ...tab, document: '9.5' } : tab),
      connectAgent: async () =>
        (async (type: string) => {
          calls.push(type);
          return agentReplies[type] ?? null;
        }) as AgentCall,
      pageSnapshot: async () => {
        snapshotMade = true;
        return { blob: new Blob(['other document']), format: 'mhtml', mediaType: 'multipart/related' };
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage(request, d)).rejects.toThrow(
      'The tab changed during the capture (the page was reloaded or replaced); nothing was stored.',
    );
    // Nothing scrolled or was hidden: there is nothing to put back.
    expect(calls).not.toContain('agentRestore');
    expect(await d.db.captures.count()).toBe(0);
    expect(await d.db.images.count()).toBe(0);
    expect(await d.db.pageContext.count()).toBe(0);
    expect(await d.db.ledger.count()).toBe(0);
  });
});

describe('capturePage: the snapshot of a visible capture starts as the screenshot returns', () => {
  const mhtml = () => ({
    blob: new Blob(['MIME-Version: 1.0']),
    format: 'mhtml' as const,
    mediaType: 'multipart/related',
  });

  it('beside the tab check after the frame, and is still checked against the tab afterwards', async () => {
    let shot = false;
    const snapshots: number[] = [];
    const reads: string[] = [];
    const d = deps({
      captureVisibleTab: async () => {
        shot = true;
        return PNG_1X1_DATA_URL;
      },
      // The check after the frame answers only once the snapshot has been asked for: made one
      // after the other, the check would wait for nothing and fail the capture.
      getTab: async () => {
        if (shot && !reads.includes('after frame')) {
          reads.push('after frame');
          await vi.waitFor(() => expect(snapshots).toHaveLength(1), { timeout: 1000 });
        } else reads.push(snapshots.length ? 'after snapshot' : 'before');
        return tab;
      },
      pageSnapshot: async () => {
        snapshots.push(1);
        return mhtml();
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(record.pageSnapshot).toMatchObject({ format: 'mhtml', byteLength: 17 });
    expect(snapshots).toHaveLength(1);
    expect(reads.at(-1)).toBe('after snapshot');
  });

  it('not when the inspection found something to mask', async () => {
    const snapshots: number[] = [];
    const area = { x: 0, y: 0, width: 1, height: 1, rule: 'selector', detail: '.key' };
    const agent = (async (type: string) =>
      type === 'agentView' ? viewReply({ areas: [area] }) : agentReplies[type]) as AgentCall;
    const d = deps({
      connectAgent: async () => agent,
      pageSnapshot: async () => {
        snapshots.push(1);
        return mhtml();
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(snapshots).toEqual([]);
    expect(record.pageSnapshotOmitted).toMatch(/Redaction was applied/);
  });

  it('and one the policy then withholds (the title read with the frame was masked) is never stored', async () => {
    const snapshots: number[] = [];
    const agent = (async (type: string) =>
      type === 'agentView'
        ? viewReply({ metrics: { ...metrics, title: 'API key sk_live_TITLE3' } })
        : agentReplies[type]) as AgentCall;
    const d = deps({
      connectAgent: async () => agent,
      pageSnapshot: async () => {
        snapshots.push(1);
        return { blob: new Blob(['sk_live_TITLE3']), format: 'mhtml', mediaType: 'multipart/related' };
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await setCaptureSettings(d.db, { ...defaultCaptureSettings, redactPatterns: ['sk_live_\\w+'] });
    const record = await capturePage(request, d);
    expect(snapshots).toHaveLength(1); // started with the screenshot: the title first read was clean
    expect(record.pageSnapshot).toBeUndefined();
    expect(record.pageSnapshotOmitted).toMatch(/title matched a redaction pattern/);
    expect(await getPageContext(d.db, record.id)).not.toHaveProperty('snapshot');
  });
});

describe('capturePage: a visible capture asks the page once', () => {
  it('one message beside the screenshot (asked before it), the server clock by its token after it, nothing to put back', async () => {
    const events: string[] = [];
    const sent: [string, unknown][] = [];
    const agent = (async (type: string, data: unknown) => {
      events.push(type);
      sent.push([type, data]);
      return agentReplies[type] ?? null;
    }) as AgentCall;
    const d = deps({
      connectAgent: async () => agent,
      captureVisibleTab: async () => {
        events.push('screenshot');
        return PNG_1X1_DATA_URL;
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    // The inspection (and so the masks) is asked for before the frame is taken.
    expect(events).toEqual(['agentView', 'screenshot', 'agentServerDate']);
    const view = sent[0]![1] as { serverClock: { token: string; timeoutMs: number } };
    expect(view.serverClock).toEqual({ token: expect.stringMatching(/^[0-9a-f-]{36}$/), timeoutMs: 1500 });
    expect(sent[1]).toEqual(['agentServerDate', { timeoutMs: 1500, token: view.serverClock.token }]);
    expect(record.serverClock?.date).toBe('2026-11-28T10:11:14.000Z');
  });

  it('a scrolling capture asks for the server clock at once, without a token, and puts the page back', async () => {
    const sent: [string, unknown][] = [];
    const scrolling = scrollingAgent([], () => []);
    const agent = (async (type: string, data: never) => {
      sent.push([type, data]);
      return scrolling(type as 'agentBegin', data);
    }) as AgentCall;
    const d = deps({ connectAgent: async () => agent, captureVisibleTab: async () => pngOfSize(100, 100) });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await capturePage({ ...request, mode: 'full-page' }, d);
    expect(sent.find(([t]) => t === 'agentServerDate')).toEqual(['agentServerDate', { timeoutMs: 1500 }]);
    expect(sent.map(([t]) => t)).not.toContain('agentView');
    expect(sent.map(([t]) => t)).toContain('agentRestore');
  });

  const fromBrowser = async () => ({ windowId: 1, url: tab.url, title: tab.title, active: true });

  it('checks the frame with the document the page reported, not another read of the page', async () => {
    let pageReads = 0;
    const d = deps({
      getTab: async () => {
        pageReads++;
        return tab;
      },
      getTabFromBrowser: fromBrowser,
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await capturePage(request, d);
    expect(record.pageSnapshot).toMatchObject({ format: 'mhtml' });
    // Identified, after the frame, after the snapshot: none beside the frame.
    expect(pageReads).toBe(3);
  });

  it('stores nothing when the page answering is another document than the one identified', async () => {
    const d = deps({
      getTab: async () => tab,
      getTabFromBrowser: fromBrowser,
      connectAgent: async () =>
        (async (type: string) =>
          type === 'agentView' ? viewReply({ document: '9.5' }) : agentReplies[type]) as AgentCall,
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage(request, d)).rejects.toThrow(
      'The tab changed during the capture (the page was reloaded or replaced); nothing was stored.',
    );
    expect(await d.db.captures.count()).toBe(0);
    expect(await d.db.ledger.count()).toBe(0);
  });

  it('looks for the agent beside the identification, and injects it only into a tab identified', async () => {
    const order: string[] = [];
    let identify!: () => void;
    const identified = new Promise<void>((r) => {
      identify = r;
    });
    const d = deps({
      getTab: async () => {
        order.push('identify');
        await identified;
        return tab;
      },
      connectAgent: async (_tabId, tabIdentified) => {
        order.push('look for the agent');
        await tabIdentified;
        order.push('inject');
        return fakeAgent;
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const capture = capturePage(request, d);
    await vi.waitFor(() => expect(order).toEqual(['identify', 'look for the agent']));
    identify();
    await capture;
    // Injected once the tab is identified (the reads after it check the frames).
    expect(order.slice(0, 3)).toEqual(['identify', 'look for the agent', 'inject']);
  });

  it('never injects the agent into a tab that is not one to capture', async () => {
    let injected = false;
    const d = deps({
      getTab: async () => ({ windowId: 1, url: 'chrome://settings', active: true }),
      connectAgent: async (_tabId, identified) => {
        await identified;
        injected = true;
        return fakeAgent;
      },
    });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(capturePage(request, d)).rejects.toThrow(/Browser pages/);
    expect(injected).toBe(false);
  });
});
