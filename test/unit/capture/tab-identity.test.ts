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
    // The check before the frame is under way when the frame is taken (beside it); the one after
    // starts once the frame is taken, whatever the one before says; a frame taken beside a failed
    // check is dropped like one followed by a failed check.
    expect(shots).toEqual([1]);
    expect(reads).toBe(2);
  });

  describe('with the document marker the page reported beside the frame', () => {
    const browserSays = { windowId: 1, url: first.url, title: first.title, active: true };

    it('checks the frame against it without reading the page before the frame', async () => {
      const reads: string[] = [];
      let marker!: (doc: string) => void;
      const reported = new Promise<string>((r) => {
        marker = r;
      });
      const watch = watchTab(
        async () => {
          reads.push('tab + page');
          return first;
        },
        first,
        async () => 'frame',
        async () => {
          reads.push('browser');
          return browserSays;
        },
      );
      const shot = watch.shoot(reported);
      // The check after the frame starts once the frame is taken, before the page has answered.
      await new Promise((r) => setTimeout(r, 10));
      expect(reads.sort()).toEqual(['browser', 'tab + page']);
      marker(first.document!);
      expect(await shot).toBe('frame');
      expect(reads).toHaveLength(2);
    });

    it('refuses a frame whose page reports another document (a reload beside the frame)', async () => {
      const watch = watchTab(
        async () => first,
        first,
        async () => 'frame',
        async () => browserSays,
      );
      await expect(watch.shoot(Promise.resolve('1764460009999.1'))).rejects.toThrow(
        /\(the page was reloaded or replaced\)/,
      );
    });

    it('reads the page as usual when the page did not answer', async () => {
      const reads: string[] = [];
      const watch = watchTab(
        async () => {
          reads.push('tab + page');
          return { ...first, active: reads.length < 2 };
        },
        first,
        async () => 'frame',
        async () => browserSays,
      );
      // Before the frame the page is read (it did not answer): still the tab; after, another tab is.
      await expect(watch.shoot(Promise.reject(new Error('no answer')))).rejects.toThrow(
        /another tab became the visible tab/,
      );
      expect(reads).toHaveLength(2);
    });
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
