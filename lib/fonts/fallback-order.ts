import type { FontGroup } from './catalog';

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** The CJK font groups, the one leading a string first. */
export type CjkGroup = Extract<FontGroup, 'jp' | 'kr' | 'sc'>;

/**
 * Which CJK font leads for a string. Han characters are shared by Chinese, Japanese and Korean but
 * drawn differently in each: a string with kana is taken as Japanese, one with Hangul as Korean,
 * any other as Chinese (simplified).
 */
export function cjkLead(text: string): CjkGroup {
  return KANA.test(text) ? 'jp' : HANGUL.test(text) ? 'kr' : 'sc';
}

/** The order in which font groups are asked for a glyph, with `lead` first among the CJK ones. */
export function fallbackOrder(lead: CjkGroup): FontGroup[] {
  const cjk: CjkGroup[] = ['sc', 'jp', 'kr'];
  return ['sans', 'arabic', 'hebrew', lead, ...cjk.filter((g) => g !== lead)];
}

/** A BCP 47 tag for the script a string is mostly taken to be in, or undefined for other scripts. */
export function guessLang(text: string): string | undefined {
  if (KANA.test(text)) return 'ja';
  if (HANGUL.test(text)) return 'ko';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/\p{Script=Arabic}/u.test(text)) return 'ar';
  if (/\p{Script=Hebrew}/u.test(text)) return 'he';
  return undefined;
}
