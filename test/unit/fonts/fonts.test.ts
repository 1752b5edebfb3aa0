import { describe, expect, it } from 'vitest';
import { inRanges, parseRanges } from '../../../lib/fonts/catalog';
import { cjkLead, fallbackOrder, guessLang } from '../../../lib/fonts/fallback-order';
import { isBidiControl, isEmoji, placeholder } from '../../../lib/fonts/placeholder';
import { baseDirection, visualOrder } from '../../../lib/fonts/visual-order';
import { diskFontSource } from '../../../node/cli/font-files';

const visual = (line: string) =>
  visualOrder(line, baseDirection(line))
    .map((c) => c.ch)
    .join('');

describe('fonts', () => {
  it.each([
    ['佐藤はなこ', 'jp', 'ja'],
    ['김민준', 'kr', 'ko'],
    ['王小明', 'sc', 'zh'],
    ['فاطمة', 'sc', 'ar'],
    ['נועה', 'sc', 'he'],
    ['Zoë', 'sc', undefined],
  ])('%s leads with %s and reads as %s', (text, lead, lang) => {
    expect(cjkLead(text)).toBe(lead);
    expect(guessLang(text)).toBe(lang);
    expect(fallbackOrder(cjkLead(text)).slice(0, 4)).toEqual(['sans', 'arabic', 'hebrew', lead]);
  });

  it('reorders right-to-left text into visual order, mirroring brackets, numbers left to right', () => {
    expect(visual('abc')).toBe('abc');
    expect(visual('שלום')).toBe('םולש');
    expect(visual('שלום (123)')).toBe('(123) םולש');
    expect(visual('Omar عمر ok')).toBe('Omar رمع ok');
    expect(visual('שלום [U+1F600]')).toBe('[U+1F600] םולש');
  });

  it('names placeholders by code point and knows emoji and bidi controls', () => {
    expect(placeholder(0x1f600)).toBe('[U+1F600]');
    expect(placeholder(0x202e)).toBe('[U+202E]');
    expect(isEmoji('😀')).toBe(true);
    expect(isEmoji('A')).toBe(false);
    expect(isBidiControl('\u202E')).toBe(true);
  });

  it('ships a catalog whose every file exists and covers each script it promises', async () => {
    const source = diskFontSource();
    const { faces } = await source.catalog();
    const covers = (group: string, cp: number) =>
      faces.some((f) => f.group === group && inRanges(parseRanges(f.ranges), cp));
    for (const [group, cp] of [
      ['sans', 0x3b1],
      ['sans', 0x416],
      ['arabic', 0x628],
      ['hebrew', 0x5d0],
      ['jp', 0x3042],
      ['kr', 0xac00],
      ['sc', 0x4e2d],
    ] as const)
      expect(covers(group, cp), `${group} U+${cp.toString(16)}`).toBe(true);
    for (const f of faces) expect((await source.file(f.file)).length, f.file).toBeGreaterThan(1000);
  });
});
