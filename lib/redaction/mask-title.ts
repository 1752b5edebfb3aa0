import { compilePatterns, REDACTED_TEXT } from '../page-agent/redaction';

/** A page title with every match of the capture settings' text patterns replaced by `[redacted]`. */
export function maskTitle(title: string, patterns: readonly string[]): { title: string; masked: boolean } {
  let out = title;
  for (const re of compilePatterns(patterns)) out = out.replace(re, REDACTED_TEXT);
  return { title: out, masked: out !== title };
}
