import { describe, expect, it } from 'vitest';
import {
  buildPageText,
  matchSegments,
  overlaps,
  REDACTED_TEXT,
  type TextPiece,
  type TextSegment,
  unionRect,
} from '../../../lib/page-agent/text-match';

const seg = (text: string, breakBefore = false): TextSegment => ({ text, breakBefore });
const key = /sk_live_\w+/gi;

describe('matchSegments', () => {
  it.each([
    { name: 'one node', segments: [seg('key: sk_live_abc.')], parts: [{ segment: 0, start: 5, end: 16 }] },
    {
      name: 'split across two inline spans',
      segments: [seg('key: '), seg('sk_live_'), seg('abc')],
      parts: [
        { segment: 1, start: 0, end: 8 },
        { segment: 2, start: 0, end: 3 },
      ],
    },
    {
      name: 'split across three pieces, ending mid-node',
      segments: [seg('sk_'), seg('live_'), seg('abc and more')],
      parts: [
        { segment: 0, start: 0, end: 3 },
        { segment: 1, start: 0, end: 5 },
        { segment: 2, start: 0, end: 3 },
      ],
    },
  ])('finds a match in $name', ({ segments, parts }) => {
    expect(matchSegments(segments, [key])).toEqual([{ pattern: 0, parts }]);
  });

  it('finds matches deep in a long list of segments, empty ones included', () => {
    const segments = Array.from({ length: 5000 }, (_, i) => seg(i % 3 ? `cell ${i}` : '', i % 2 === 0));
    segments[4001] = seg('sk_live_');
    segments[4002] = seg('deep');
    segments[4003] = seg(' tail');
    expect(matchSegments(segments, [key])).toEqual([
      {
        pattern: 0,
        parts: [
          { segment: 4001, start: 0, end: 8 },
          { segment: 4002, start: 0, end: 4 },
        ],
      },
    ]);
  });

  it('does not join across block boundaries', () => {
    expect(matchSegments([seg('sk_live_'), seg('abc', true)], [/sk_live_abc/gi])).toEqual([]);
  });

  it('reports each pattern and each match, and survives empty matches', () => {
    const found = matchSegments([seg('a1 b2 a3')], [/a\d/g, /x*/g, /b\d/]);
    expect(found.map((m) => [m.pattern, m.parts[0]!.start])).toEqual([
      [0, 0],
      [0, 6],
      [2, 3],
    ]);
  });
});

describe('boxes', () => {
  it('the union of the boxes of a spanning match covers both', () => {
    expect(
      unionRect([
        { x: 10, y: 5, width: 40, height: 10 },
        { x: 50, y: 6, width: 20, height: 12 },
      ]),
    ).toEqual({ x: 10, y: 5, width: 60, height: 13 });
    expect(unionRect([])).toBeUndefined();
  });

  it.each([
    { b: { x: 5, y: 5, width: 10, height: 10 }, hit: true },
    { b: { x: 10, y: 0, width: 5, height: 5 }, hit: false },
    { b: { x: 9, y: 9, width: 1, height: 1 }, hit: true },
  ])('overlap of $b is $hit', ({ b, hit }) => {
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, b)).toBe(hit);
  });
});

describe('buildPageText', () => {
  it('removes a match split across spans, keeping the rest of the line', () => {
    const pieces: TextPiece[] = [seg('Key: '), seg('sk_live_'), seg('abc'), seg(' (live)')];
    const out = buildPageText(pieces, matchSegments(pieces, [key]));
    expect(out).toEqual({ text: `Key: ${REDACTED_TEXT} (live)`, redacted: true });
  });

  it('removes text under a drawn box or in a masked element, and leaves out what was not captured', () => {
    const pieces: TextPiece[] = [
      seg('Heading'),
      { ...seg('under the box', true), masked: true },
      { ...seg('below the fold', true), outOfScope: true },
      seg('  kept \n  text ', true),
    ];
    expect(buildPageText(pieces, [])).toEqual({
      text: `Heading\n${REDACTED_TEXT}\nkept text`,
      redacted: true,
    });
  });

  it('ends the line at a block boundary even when the piece that carries it is left out', () => {
    const pieces: TextPiece[] = [seg('Para'), { ...seg('\n', true), outOfScope: true }, seg('Next')];
    expect(buildPageText(pieces, []).text).toBe('Para\nNext');
  });

  it('says nothing was redacted when nothing matched', () => {
    expect(buildPageText([seg('plain'), seg('text', true)], [])).toEqual({
      text: 'plain\ntext',
      redacted: false,
    });
  });
});
