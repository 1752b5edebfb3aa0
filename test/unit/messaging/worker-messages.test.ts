import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  endPanelSession,
  panelToken,
  startPanelSession,
} from '../../../entrypoints/background/panel-sessions';
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
  toPanelScript: vi.fn(),
  runRecipe: vi.fn(),
  popupForm: vi.fn(),
  pushToStore: vi.fn(),
}));
vi.mock('../../../entrypoints/background/capture-service', () => ({
  handleCaptureTab: captured.handleCaptureTab,
  handleDescribeFullPage: captured.describeFullPage,
}));
vi.mock('../../../entrypoints/background/timestamp-service', () => ({
  handleDrainTimestamps: captured.drain,
  registerTimestampRetries: () => undefined,
}));
vi.mock('../../../entrypoints/background/store-service', () => ({
  handlePushToStore: captured.pushToStore,
  registerStorePush: () => undefined,
}));
vi.mock('../../../entrypoints/background/popup-service', () => ({ handleGetPopupForm: captured.popupForm }));
vi.mock('../../../entrypoints/background/recipe-runner', () => ({ handleRunRecipe: captured.runRecipe }));
vi.mock('../../../entrypoints/background/panel-triggers', () => ({ registerPanelTriggers: () => undefined }));
// Reminders read the database and the toolbar, which this message test does not exercise.
vi.mock('../../../entrypoints/background/reminders-service', () => ({ registerReminders: () => undefined }));
// What the worker relays to the panel's page script (hide, show, pick) is recorded, not sent.
vi.mock('../../../entrypoints/background/panel-relay', () => ({
  toPanelScript: captured.toPanelScript,
  pickOnPage: (data: { tool: string }, caller: { tabId: number }) =>
    captured.toPanelScript(caller.tabId, 'panelPick', data),
  showBlackouts: () => captured.toPanelScript(),
  resizePanel: () => captured.toPanelScript(),
  previewFullPage: () => captured.toPanelScript(),
}));
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
/** panel-frame.html framed in tab `tab` (by the panel's page script, or by the page itself). */
const panelFrame = (tab = 5, frameId = 3): MessageSender => ({
  id: ID,
  url: `chrome-extension://${ID}/panel-frame.html#whatever-the-address-says`,
  tab: { id: tab, url: 'https://console.example/users' },
  frameId,
  documentId: `FRAME-DOC-${tab}-${frameId}`,
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
  ['the panel frame', panelFrame()],
  ['another extension', { ...page('/popup.html'), id: 'someone-else' }],
  ['a sender without an address', { id: ID }],
];

const privileged: [MessageType, unknown, ReturnType<typeof vi.fn>][] = [
  ['captureTab', { tabId: 7, controlIds: ['A.5.18'], note: 'Q4' }, captured.handleCaptureTab],
  ['openPanel', { tabId: 7 }, captured.openPanel],
  ['describeFullPage', { tabId: 7 }, captured.describeFullPage],
  ['drainTimestamps', { force: true }, captured.drain],
  // Sending this browser's evidence to the team store.
  ['pushToStore', { force: true }, captured.pushToStore],
  // The popup's form data: the library's identity, controls and newest captures.
  ['getPopupForm', {}, captured.popupForm],
  [
    'runRecipe',
    {
      recipe: {
        schema: 'prooftrail.recipe/1',
        name: 'Reviews',
        steps: [
          {
            url: 'https://console.example/users',
            controlIds: ['A.5.18'],
            mode: 'visible',
            redact: [],
            note: '',
          },
        ],
      },
    },
    captured.runRecipe,
  ],
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

beforeAll(async () => {
  // Registered once, like the worker: the messenger allows one listener per message per context.
  (await import('../../../entrypoints/background/index')).default.main();
});
beforeEach(() => {
  for (const fn of Object.values(captured)) fn.mockReset().mockResolvedValue({ ok: true, value: null });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
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
    ['pushToStore', { force: 1 }],
    ['describeFullPage', { tabId: 7, selector: '#main' }],
    ['getPopupForm', { tabId: 7 }],
    ['runRecipe', { recipe: { schema: 'prooftrail.recipe/1', name: 'x', steps: [] } }],
    [
      'runRecipe',
      {
        recipe: {
          schema: 'prooftrail.recipe/1',
          name: 'x',
          steps: [{ url: 'javascript:alert(1)', controlIds: ['A.5.18'] }],
        },
      },
    ],
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

describe('worker messages: only the panel the worker opened, with its token', () => {
  const capture = { controlIds: ['CC6.3'], note: '' };
  let token: string;
  beforeEach(async () => {
    await Promise.all([5, 6].map(endPanelSession));
    token = await startPanelSession(5);
  });

  it('captures the tab the panel frame is in (taken from the sender), hiding the panel around it', async () => {
    const reply = await deliver('captureFromPanel', { ...capture, token }, panelFrame());
    expect(reply).toEqual({ ok: true, value: null });
    expect(captured.handleCaptureTab).toHaveBeenCalledWith({ ...capture, tabId: 5 });
    expect(captured.toPanelScript.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      [5, 'panelHide'],
      [5, 'panelShow'],
    ]);
  });

  it('gives the panel the controls, suggested for the address the browser reports', async () => {
    const reply = await deliver('getPanelContext', { token }, panelFrame());
    expect(reply).toMatchObject({ ok: true, value: { controls: expect.any(Array), suggested: [] } });
    expect((reply as unknown as { value: { controls: unknown[] } }).value.controls.length).toBeGreaterThan(0);
  });

  it('relays a pick to the page script of the sender tab only', async () => {
    await deliver('pickOnPage', { token, tool: 'region' }, panelFrame());
    expect(captured.toPanelScript).toHaveBeenCalledWith(5, 'panelPick', { tool: 'region' });
  });

  it('keeps the token while the panel is open: opening again hands out the same one', async () => {
    expect(await startPanelSession(5)).toBe(token);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await startPanelSession(6)).not.toBe(token);
  });

  it('refuses a panel capture whose data names a tab', async () => {
    const reply = await deliver('captureFromPanel', { ...capture, token, tabId: 7 }, panelFrame());
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/malformed[\s\S]*tabId/) });
    expect(captured.handleCaptureTab).not.toHaveBeenCalled();
  });

  const refusedFrom: [string, () => [MessageSender, string | undefined]][] = [
    [
      'the panel frame with a wrong token',
      () => [panelFrame(), token.startsWith('B') ? 'C'.repeat(43) : 'B'.repeat(43)],
    ],
    ['the panel frame without a token', () => [panelFrame(), undefined]],
    ["a panel frame in another tab, with this tab's token", () => [panelFrame(6), token]],
    ['the panel page as a top-level document of the tab', () => [panelFrame(5, 0), token]],
    ['a content script of the tab, with the token', () => [contentScript(), token]],
    [
      'an unlisted extension page in the tab (verify.html), with the token',
      () => [page('/verify.html', 5), token],
    ],
    ['an extension page without a tab, with the token', () => [page('/popup.html'), token]],
  ];
  it.each(refusedFrom)('refuses every panel message from %s', async (_, make) => {
    const [sender, sent] = make();
    for (const [type, data] of [
      ['captureFromPanel', capture],
      ['getPanelContext', {}],
      ['pickOnPage', { tool: 'element' }],
      ['showBlackouts', { boxes: [] }],
      ['resizePanel', { height: 300 }],
      ['closePanel', {}],
    ] as const) {
      const reply = await deliver(type, sent === undefined ? data : { ...data, token: sent }, sender);
      expect(reply, type).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused .*(panel ProofTrail opened|malformed)/),
      });
    }
    expect(captured.handleCaptureTab).not.toHaveBeenCalled();
    expect(captured.toPanelScript).not.toHaveBeenCalled();
    expect(await panelToken(5)).toBe(token);
  });

  it('forgets the token when the panel closes: the same frame is refused afterwards', async () => {
    expect(await deliver('closePanel', { token }, panelFrame())).toEqual({ ok: true, value: null });
    expect(captured.toPanelScript).toHaveBeenCalledWith(5, 'panelClose', {});
    const reply = await deliver('captureFromPanel', { ...capture, token }, panelFrame());
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(captured.handleCaptureTab).not.toHaveBeenCalled();
  });

  it.each([
    ['navigates', () => fakeBrowser.tabs.onUpdated.trigger(5, { status: 'loading' }, { id: 5 } as never)],
    ['closes', () => fakeBrowser.tabs.onRemoved.trigger(5, { windowId: 1, isWindowClosing: false })],
  ])('forgets the token when the tab %s', async (_, happen) => {
    await happen();
    await expect.poll(() => panelToken(5)).toBeUndefined();
    const reply = await deliver('getPanelContext', { token }, panelFrame());
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
  });
});
