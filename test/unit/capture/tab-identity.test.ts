import { describe, expect, it } from 'vitest';
import { checkTab, type TabState, tabChange, watchTab } from '../../../lib/capture/tab-identity';

const first: TabState = {
  windowId: 1,
  url: 'https://console.example/users?page=2#top',
  title: 'Users',
  active: true,
  document: '1764460000123.4',
};

describe('tab identity', () => {
  it.each<[string, TabState | undefined, string | undefined]>([
    ['the same page', { ...first }, undefined],
    ['a new title (pages change their own)', { ...first, title: '(3) Users' }, undefined],
    [
      'another fragment in the same document',
      { ...first, url: 'https://console.example/users?page=2#rows' },
      undefined,
    ],
    ['a closed tab', undefined, 'the tab was closed'],
    ['another window', { ...first, windowId: 2 }, 'the tab moved to another window'],
    [
      'a switch to another tab',
      { ...first, active: false },
      'another tab became the visible tab of its window',
    ],
    [
      'another address',
      { ...first, url: 'https://console.example/users?page=3' },
      'the page went to another address',
    ],
    [
      'a reload at the same address',
      { ...first, document: '1764460009999.1' },
      'the page was reloaded or replaced',
    ],
    [
      'a page that can no longer be read',
      { ...first, document: undefined },
      'the page was reloaded or replaced',
    ],
  ])('%s: %s', (_, now, reason) => expect(tabChange(first, now)).toBe(reason));

  it('stops with a message that says nothing was stored', async () => {
    await expect(checkTab(async () => ({ ...first, active: false }), first)).rejects.toThrow(
      'The tab changed during the capture (another tab became the visible tab of its window); nothing was stored.',
    );
    await expect(checkTab(async () => Promise.reject(new Error('No tab with id: 7')), first)).rejects.toThrow(
      /\(the tab was closed\)/,
    );
  });

  it.each([
    ['as the frame starts', 0],
    ['after the frame', 1],
  ])('checks the tab %s', async (_, switchAt) => {
    let reads = 0;
    const shots: number[] = [];
    const watch = watchTab(
      async () => ({ ...first, active: reads++ !== switchAt }),
      first,
      async () => {
        shots.push(reads);
        return 'data:image/png;base64,';
      },
    );
    await expect(watch.shoot()).rejects.toThrow(/another tab became the visible tab/);
    // The check before the frame is under way when the frame is taken (beside it); a frame taken
    // beside a failed check is dropped like one followed by a failed check.
    expect(shots).toEqual([1]);
    expect(reads).toBe(switchAt === 0 ? 1 : 2);
  });

  it('keeps the address and title read right after the first frame', async () => {
    let n = 0;
    const watch = watchTab(
      async () => ({ ...first, title: `Users ${n++}` }),
      first,
      async () => 'x',
    );
    expect(watch.atFirstFrame().title).toBe('Users');
    await watch.shoot();
    await watch.shoot();
    expect(watch.atFirstFrame().title).toBe('Users 1');
  });
});
