import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** One character of a line, in the order it is drawn left to right. */
export interface VisualChar {
  /** The character, mirrored when it sits in a right-to-left run ("(" becomes ")"). */
  ch: string;
  /** Its bidi embedding level: odd means right-to-left. */
  level: number;
}

/** The paragraph direction of `text` by its first strong character, as `dir="auto"` decides. */
export function baseDirection(text: string): 'ltr' | 'rtl' {
  return bidi.getEmbeddingLevels(text, undefined).paragraphs[0]?.level === 1 ? 'rtl' : 'ltr';
}

/**
 * Reorders one line from logical (typed) order into visual order by the Unicode Bidirectional
 * Algorithm (bidi-js), in the paragraph direction given: a Hebrew or Arabic run comes out right to
 * left, numbers and Latin inside it left to right. Surrogate pairs stay whole.
 */
export function visualOrder(line: string, direction: 'ltr' | 'rtl'): VisualChar[] {
  const levels = bidi.getEmbeddingLevels(line, direction);
  const mirrored = bidi.getMirroredCharactersMap(line, levels.levels);
  const order = bidi.getReorderedIndices(line, levels);
  const out: VisualChar[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const unit = line.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0 && order[k + 1] === i - 1) {
      // A reversed surrogate pair: low half first. Emit the pair once, in its right order.
      out.push({ ch: line.slice(i - 1, i + 1), level: levels.levels[i] ?? 0 });
      k++;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff && order[k + 1] === i + 1) {
      out.push({ ch: line.slice(i, i + 2), level: levels.levels[i] ?? 0 });
      k++;
      continue;
    }
    out.push({ ch: mirrored.get(i) ?? line[i] ?? '', level: levels.levels[i] ?? 0 });
  }
  return out;
}
