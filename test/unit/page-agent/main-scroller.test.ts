import { describe, expect, it } from 'vitest';
import { chooseScroller, type ScrollCandidate } from '../../../lib/page-agent/main-scroller';

const view = { width: 1280, height: 800 };
const pane = (
  selector: string,
  visibleArea: number,
  extent: number,
  underCentre = false,
): ScrollCandidate => ({
  selector,
  visibleArea,
  extent,
  underCentre,
});

describe('chooseScroller: what full page scrolls', () => {
  it('an app shell: the document does not scroll, the main pane does', () => {
    const choice = chooseScroller(0, view, [
      pane('#main', 1080 * 744, 4000, true),
      pane('nav', 200 * 744, 30),
    ]);
    expect(choice).toEqual({
      element: '#main',
      pane: true,
      reason: 'the largest scrolling pane in view (78% of the viewport); the document itself does not scroll',
    });
  });

  it('nested panes: the outer (larger) one, not the table scrolling inside it', () => {
    const choice = chooseScroller(0, view, [
      pane('#inner', 900 * 180, 700, true),
      pane('#main', 1080 * 744, 4000, true),
    ]);
    expect(choice.element).toBe('#main');
  });

  it('panes of the same size: the one under the viewport’s centre', () => {
    const choice = chooseScroller(0, view, [
      pane('#left', 640 * 800, 900),
      pane('#right', 639 * 800, 900, true),
    ]);
    expect(choice.element).toBe('#right');
    expect(choice.reason).toMatch(
      /^the scrolling pane under the viewport’s centre \(panes of the same size\)/,
    );
  });

  it('a document that scrolls: the document, unless a pane scrolls much further', () => {
    expect(chooseScroller(3000, view, [pane('#box', 500 * 240, 1500)])).toEqual({
      element: 'document',
      reason: 'the document scrolls 3000 px past the viewport',
    });
    expect(chooseScroller(40, view, [pane('#main', 1080 * 700, 5000)])).toMatchObject({
      element: '#main',
      reason: expect.stringMatching(/it scrolls 5000 px, the document only 40 px$/),
    });
  });

  it('nothing scrolls: says so', () => {
    expect(chooseScroller(0, view, [pane('#x', 0, 100), pane('#y', 5000, 1)])).toEqual({
      element: 'none',
      reason: 'nothing on this page scrolls',
    });
  });
});
