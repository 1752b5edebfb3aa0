import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { CaptureRequest } from '../../../lib/capture/capture-page';
import { answerAgent } from '../../../lib/messaging/agent';
import type { AgentMessageData, MessageData } from '../../../lib/messaging/protocol';
import type { MessageSender } from '../../../lib/messaging/sender';
import type { RedactionRules, ViewScope } from '../../../lib/page-agent/types';

// @webext-core/messaging loads the polyfill, which needs an extension's globals.
await vi.hoisted(async () => {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  vi.stubGlobal('chrome', fakeBrowser);
  vi.stubGlobal('browser', fakeBrowser);
});

const self = { id: 'ext', base: 'chrome-extension://ext/' };
const worker: MessageSender = { id: 'ext', url: 'chrome-extension://ext/background.js' };

describe('agent messages are checked in the page script', () => {
  it('runs the handler on data its schema accepts, from the worker', async () => {
    const handler = vi.fn(async (d: { selector: string }) => d.selector.length);
    expect(await answerAgent('agentLocate', { selector: '#a' }, worker, handler as never, self)).toEqual({
      ok: true,
      value: 2,
    });
  });

  it("replies with the handler's failure, as a result", async () => {
    const handler = vi.fn(() => {
      throw new Error('No element on the page matches "#nope"');
    });
    expect(await answerAgent('agentLocate', { selector: '#nope' }, worker, handler, self)).toEqual({
      ok: false,
      error: 'No element on the page matches "#nope"',
    });
  });

  it.each([
    ['a content script', { id: 'ext', url: 'https://page.example/', tab: { id: 1 } }, { selector: '#a' }],
    ['another extension', { id: 'other', url: 'chrome-extension://other/background.js' }, { selector: '#a' }],
    ['an extension page in a tab', { ...worker, tab: { id: 3 } }, { selector: '#a' }],
    ['the worker, with malformed data', worker, { selector: 42 }],
    ['the worker, with unknown fields', worker, { selector: '#a', evil: true }],
  ] as [string, MessageSender, unknown][])('refuses %s', async (_, sender, data) => {
    const handler = vi.fn();
    const reply = await answerAgent('agentLocate', data, sender, handler, self);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused "agentLocate"/) });
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('schemas cover exactly the fields the code uses', () => {
  it('matches the capture request and the redaction rules', () => {
    expectTypeOf<keyof MessageData<'captureTab'>>().toEqualTypeOf<keyof CaptureRequest>();
    expectTypeOf<MessageData<'captureTab'>>().toExtend<CaptureRequest>();
    expectTypeOf<keyof AgentMessageData<'agentRedactions'>>().toEqualTypeOf<keyof RedactionRules>();
    expectTypeOf<AgentMessageData<'agentRedactions'>>().toExtend<RedactionRules>();
    type Inspect = RedactionRules & { scope: ViewScope };
    expectTypeOf<keyof AgentMessageData<'agentInspectView'>>().toEqualTypeOf<keyof Inspect>();
    expectTypeOf<AgentMessageData<'agentInspectView'>>().toExtend<Inspect>();
  });
});

describe('agentInspectView', () => {
  const rules = { selectors: ['td.key'], textPatterns: ['sk_live_\\w+'] };
  const region = { kind: 'region', rect: { x: 0, y: 0, width: 10, height: 10 } };

  it.each([
    ['the viewport', { ...rules, scope: { kind: 'viewport' } }],
    ['a region', { ...rules, scope: region, manual: [{ x: 1, y: 2, width: 3, height: 4 }] }],
  ])('accepts rules with %s as the scope', async (_, data) => {
    const handler = vi.fn(async () => 'inspected');
    const reply = await answerAgent('agentInspectView', data, worker, handler as never, self);
    expect(reply).toEqual({ ok: true, value: 'inspected' });
    expect(handler).toHaveBeenCalledWith(data);
  });

  it.each([
    ['no scope', rules],
    ['a scope that scrolls (the whole page)', { ...rules, scope: { kind: 'page' } }],
    ['an element scope', { ...rules, scope: { kind: 'element', selector: '#a' } }],
    ['an unknown field in the scope', { ...rules, scope: { kind: 'viewport', all: true } }],
    ['an unknown field', { ...rules, scope: { kind: 'viewport' }, evil: true }],
  ])('refuses %s', async (_, data) => {
    const handler = vi.fn();
    const reply = await answerAgent('agentInspectView', data, worker, handler, self);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused "agentInspectView"/) });
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('agentView', () => {
  const rules = { selectors: ['td.key'], textPatterns: ['sk_live_\\w+'] };
  const clock = { timeoutMs: 1500, token: '0b6f3c1e-8d2a-4a51-9d44-6f0f5a3e2b10' };

  it.each([
    ['the viewport, no probe', { ...rules, scope: { kind: 'viewport' } }],
    ['the viewport and a probe to start', { ...rules, scope: { kind: 'viewport' }, serverClock: clock }],
  ])('accepts %s', async (_, data) => {
    const handler = vi.fn(async () => 'viewed');
    expect(await answerAgent('agentView', data, worker, handler as never, self)).toEqual({
      ok: true,
      value: 'viewed',
    });
    expect(handler).toHaveBeenCalledWith(data);
  });

  it.each([
    ['a scope that scrolls', { ...rules, scope: { kind: 'page' } }],
    [
      'a token that is not one',
      { ...rules, scope: { kind: 'viewport' }, serverClock: { ...clock, token: '../x' } },
    ],
    [
      'a probe that waits for ever',
      { ...rules, scope: { kind: 'viewport' }, serverClock: { ...clock, timeoutMs: 1e9 } },
    ],
    [
      'an unknown field in the probe',
      { ...rules, scope: { kind: 'viewport' }, serverClock: { ...clock, url: 'x' } },
    ],
  ])('refuses %s', async (_, data) => {
    const handler = vi.fn();
    const reply = await answerAgent('agentView', data, worker, handler, self);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused "agentView"/) });
    expect(handler).not.toHaveBeenCalled();
  });

  it('is refused from anyone but the worker, like every agent message', async () => {
    const handler = vi.fn();
    const page: MessageSender = { id: 'ext', url: 'https://page.example/', tab: { id: 1 } };
    const reply = await answerAgent(
      'agentView',
      { ...rules, scope: { kind: 'viewport' } },
      page,
      handler,
      self,
    );
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused "agentView"/) });
    expect(handler).not.toHaveBeenCalled();
  });

  it('asks the server date by a started probe only with a well-formed token', async () => {
    const handler = vi.fn(async () => ({ date: 'x' }));
    expect(
      await answerAgent(
        'agentServerDate',
        { timeoutMs: 1500, token: clock.token },
        worker,
        handler as never,
        self,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await answerAgent(
        'agentServerDate',
        { timeoutMs: 1500, token: 'bad token' },
        worker,
        handler as never,
        self,
      ),
    ).toMatchObject({ ok: false });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
