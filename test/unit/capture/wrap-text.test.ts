import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../lib/capture/wrap-text';

const measure = (t: string) => t.length;

describe('wrapLines', () => {
  it('keeps short lines as they are', () => {
    expect(wrapLines(['URL: a', 'By: b'], 20, measure)).toEqual(['URL: a', 'By: b']);
  });

  it('breaks at spaces, then inside a long word, losing no character', () => {
    const url = 'URL: https://console.example/very/long/path';
    const out = wrapLines([url], 12, measure);
    expect(out.every((l) => l.length <= 12)).toBe(true);
    expect(out.join('').replace(/ /g, '')).toBe(url.replace(/ /g, ''));
  });
});
