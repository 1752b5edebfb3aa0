import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { CaptureRequest } from '../../../lib/capture/capture-page';
import { answerAgent } from '../../../lib/messaging/agent';
import type { AgentMessageData, MessageData } from '../../../lib/messaging/protocol';
import type { MessageSender } from '../../../lib/messaging/sender';
import type { RedactionRules } from '../../../lib/page-agent/types';

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
  });
});
