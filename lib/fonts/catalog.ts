// The font catalog shipped with the extension (assets/public/fonts/catalog.json, written by
// node/scripts/write-fonts.mjs): which Noto file covers which code points, and where to read it.

/** A fallback group: one Noto family, in the order docs/fonts.md gives. */
export type FontGroup = 'sans' | 'arabic' | 'hebrew' | 'jp' | 'kr' | 'sc';

/** One font file of the catalog. */
export interface CatalogFace {
  /** Fallback group the file belongs to. */
  group: FontGroup;
  /** Family name, as the font itself names it. */
  family: string;
  /** 400 or 700. */
  weight: number;
  /** File name under fonts/. */
  file: string;
  /** The code points it is cut for, as a CSS unicode-range ("U+0370-03FF,U+1F00"). */
  ranges: string;
}

/** catalog.json. */
export interface FontCatalog {
  source: string;
  faces: CatalogFace[];
}

/** Reads the catalog and the font files: from the extension's own files, or from disk in Node. */
export interface FontSource {
  catalog(): Promise<FontCatalog>;
  file(name: string): Promise<Uint8Array>;
}

/** Parses a CSS unicode-range list into inclusive [first, last] pairs. */
export function parseRanges(ranges: string): [number, number][] {
  return ranges.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const first = Number.parseInt(a ?? '', 16);
    return [first, b ? Number.parseInt(b, 16) : first];
  });
}

/** True when one of the ranges holds the code point. */
export function inRanges(ranges: readonly [number, number][], codePoint: number): boolean {
  return ranges.some(([first, last]) => codePoint >= first && codePoint <= last);
}

/** The checks a catalog must pass before anything is drawn with it. */
export function checkCatalog(value: unknown, where: string): FontCatalog {
  const faces = (value as FontCatalog | undefined)?.faces;
  if (!Array.isArray(faces) || !faces.length)
    throw new Error(`${where}: no "faces" list in the font catalog`);
  faces.forEach((f, i) => {
    if (typeof f?.file !== 'string' || typeof f.ranges !== 'string' || typeof f.group !== 'string')
      throw new Error(`${where}: faces[${i}] lacks file, group or ranges`);
  });
  return value as FontCatalog;
}

/**
 * The extension's own fonts, fetched from its package (fonts/) when a report or a banner needs
 * them: nothing is read at start-up. Works in extension pages and in the service worker.
 */
export function extensionFontSource(base = '/fonts/'): FontSource {
  const read = async (name: string) => {
    const url = new URL(base + name, globalThis.location?.href);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`font file ${name} could not be read from the extension (${res.status})`);
    return res;
  };
  let catalog: Promise<FontCatalog> | undefined;
  return {
    catalog: () => {
      catalog ??= read('catalog.json').then(async (r) => checkCatalog(await r.json(), 'fonts/catalog.json'));
      return catalog;
    },
    file: async (name) => new Uint8Array(await (await read(name)).arrayBuffer()),
  };
}
