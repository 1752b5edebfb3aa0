import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MessageType } from '../../../lib/messaging/protocol';
import type { MessageSender } from '../../../lib/messaging/sender';

// The worker runs against WXT's fake browser, installed as the `browser` and `chrome` globals the
// way `WxtVitest()` does, before `wxt/browser` and the polyfill @webext-core/messaging uses load.
await vi.hoisted(async () => {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  vi.stubGlobal('chrome', fakeBrowser);
  vi.stubGlobal('browser', fakeBrowser);
});
// The handlers' own work (capturing, stamping) is tested elsewhere; here only who reaches them.
const captured = vi.hoisted(() => ({
  handleCaptureTab: vi.fn(),
  describeFullPage: vi.fn(),
  openPanel: vi.fn(),
  drain: vi.fn(),
}));
vi.mock('../../../entrypoints/background/capture-service', () => ({
  handleCaptureTab: captured.handleCaptureTab,
  handleDescribeFullPage: captured.describeFullPage,
}));
vi.mock('../../../entrypoints/background/timestamp-service', () => ({
  handleDrainTimestamps: captured.drain,
  registerTimestampRetries: () => undefined,
}));
vi.mock('../../../entrypoints/background/panel-triggers', () => ({ registerPanelTriggers: () => undefined }));
vi.mock('../../../entrypoints/background/panel-service', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  openPanel: captured.openPanel,
}));

const ID = fakeBrowser.runtime.id;
const page = (path: string, tab?: number): MessageSender => ({
  id: ID,
  url: `chrome-extension://${ID}${path}`,
  ...(tab === undefined ? {} : { tab: { id: tab }, frameId: 0 }),
});
const contentScript = (frameId = 0): MessageSender => ({
  id: ID,
  url: 'https://hostile.example/page',
  tab: { id: 5, url: 'https://hostile.example/page' },
  frameId,
  documentId: 'DOC-5',
});

const extensionPages: [string, MessageSender][] = [
  ['the popup', page('/popup.html')],
  ['the popup in a window of its own', page('/popup.html?tab=7', 99)],
  ['the library in a tab', page('/library.html', 98)],
  ['the settings page in a tab', page('/options.html', 97)],
];
const untrusted: [string, MessageSender][] = [
  ['a content script', contentScript()],
  ['a content script in a subframe', contentScript(2)],
  ['verify.html framed by a web page', page('/verify.html', 5)],
  ['another extension', { ...page('/popup.html'), id: 'someone-else' }],
  ['a sender without an address', { id: ID }],
];

const privileged: [MessageType, unknown, ReturnType<typeof vi.fn>][] = [
  ['captureTab', { tabId: 7, controlIds: ['A.5.18'], note: 'Q4' }, captured.handleCaptureTab],
  ['openPanel', { tabId: 7 }, captured.openPanel],
  ['describeFullPage', { tabId: 7 }, captured.describeFullPage],
  ['drainTimestamps', { force: true }, captured.drain],
];

/** Delivers a message the way the browser does, and returns the worker's reply. */
async function deliver(type: string, data: unknown, sender: MessageSender) {
  const replies = await fakeBrowser.runtime.onMessage.trigger(
    { id: 1, type, data, timestamp: 1 },
    sender as never,
  );
  const reply = replies.find((r) => r !== undefined) as {
    res?: { ok: boolean; error?: string };
    err?: unknown;
  };
  if (reply.err) throw reply.err;
  return reply.res;
}

/** Whether the panel is open in the document the probe asks about. */
let panelOpen = false;

beforeAll(async () => {
  // Registered once, like the worker: the messenger allows one listener per message per context.
  (await import('../../../entrypoints/background/index')).default.main();
});
beforeEach(() => {
  for (const fn of Object.values(captured)) fn.mockReset().mockResolvedValue({ ok: true, value: null });
  panelOpen = false;
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(async () => [
    { frameId: 0, result: panelOpen } as never,
  ]);
});
afterEach(() => vi.restoreAllMocks());

describe('worker messages: privileged requests come only from extension pages', () => {
  describe.each(privileged)('%s', (type, data, handler) => {
    it.each(extensionPages)('is accepted from %s', async (_, sender) => {
      expect(await deliver(type, data, sender)).toEqual({ ok: true, value: null });
      expect(handler).toHaveBeenCalledOnce();
      expect(handler.mock.calls[0]?.[0]).toEqual(data);
    });
    it.each(untrusted)('is refused from %s', async (_, sender) => {
      const reply = await deliver(type, data, sender);
      expect(reply).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused .*ProofTrail's own pages/),
      });
      expect(handler).not.toHaveBeenCalled();
    });
  });
});

describe('worker messages: malformed data is refused, never acted on', () => {
  const popup = page('/popup.html');
  it.each([
    ['captureTab', { tabId: '7', controlIds: ['A.5.18'], note: '' }],
    ['captureTab', { tabId: 7, controlIds: 'A.5.18', note: '' }],
    ['captureTab', { tabId: 7, controlIds: ['A.5.18'] }],
    ['captureTab', { tabId: 7, controlIds: ['A.5.18'], note: '', mode: 'everything' }],
    [
      'captureTab',
      { tabId: 7, controlIds: ['A.5.18'], note: '', region: { x: 0, y: 0, width: -1, height: 1 } },
    ],
    ['captureTab', null],
    ['openPanel', { tabId: -1 }],
    ['openPanel', {}],
    ['drainTimestamps', { force: 'yes' }],
    ['describeFullPage', { tabId: 7, selector: '#main' }],
  ] as const)('%s %j', async (type, data) => {
    const reply = await deliver(type, data, popup);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused .*malformed/) });
    for (const fn of Object.values(captured)) expect(fn).not.toHaveBeenCalled();
  });

  it('refuses an unknown message type (not of this protocol) without a handler', async () => {
    const replies = await fakeBrowser.runtime.onMessage.trigger(
      { id: 1, type: 'deleteEverything', data: {}, timestamp: 1 },
      popup as never,
    );
    expect(replies.every((r) => r === undefined)).toBe(true);
  });
});

describe('worker messages: the panel', () => {
  const capture = { controlIds: ['CC6.3'], note: '' };

  it('captures the tab the panel runs in, taken from the sender', async () => {
    panelOpen = true;
    await deliver('captureFromPanel', capture, contentScript());
    expect(captured.handleCaptureTab).toHaveBeenCalledWith({ ...capture, tabId: 5 });
    expect(fakeBrowser.scripting.executeScript).toHaveBeenCalledWith(
      expect.objectContaining({ target: { tabId: 5, documentIds: ['DOC-5'] } }),
    );
  });

  it('refuses a panel capture whose data names a tab', async () => {
    panelOpen = true;
    const reply = await deliver('captureFromPanel', { ...capture, tabId: 7 }, contentScript());
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/malformed[\s\S]*tabId/) });
    expect(captured.handleCaptureTab).not.toHaveBeenCalled();
  });

  it('gives the panel the controls, suggested for the address the browser reports', async () => {
    panelOpen = true;
    const reply = await deliver('getPanelContext', {}, contentScript());
    expect(reply).toMatchObject({ ok: true, value: { controls: expect.any(Array), suggested: [] } });
    expect((reply as unknown as { value: { controls: unknown[] } }).value.controls.length).toBeGreaterThan(0);
  });

  it.each([
    ['a content script where the panel is not open', contentScript(), false],
    ['a content script in a subframe', contentScript(2), true],
    ['an extension page', page('/popup.html'), true],
  ])('refuses a capture and the control list from %s', async (_, sender, open) => {
    panelOpen = open;
    for (const [type, data] of [
      ['captureFromPanel', capture],
      ['getPanelContext', {}],
    ] as const) {
      const reply = await deliver(type, data, sender);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused .*panel/) });
    }
    expect(captured.handleCaptureTab).not.toHaveBeenCalled();
  });
});
