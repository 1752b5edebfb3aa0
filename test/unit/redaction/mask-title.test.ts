import { describe, expect, it } from 'vitest';
import { maskTitle } from '../../../lib/redaction/mask-title';

describe('maskTitle', () => {
  it.each([
    ['API key sk_live_abc123 · Console', ['sk_live_[A-Za-z0-9]+'], 'API key [redacted] · Console', true],
    ['dana@example.com – Inbox', ['[a-z]+@[a-z.]+'], '[redacted] – Inbox', true],
    ['Token A1 and a1', ['a1'], 'Token [redacted] and [redacted]', true],
    ['Users · Console', ['sk_live_\\w+'], 'Users · Console', false],
    ['Users', [], 'Users', false],
  ])('masks %s', (title, patterns, masked, changed) => {
    expect(maskTitle(title, patterns)).toEqual({ title: masked, masked: changed });
  });

  it('names an invalid pattern', () => {
    expect(() => maskTitle('x', ['('])).toThrow('Text pattern "(" is not a valid regular expression');
  });
});
