// Writes assets/public/fonts/: the Noto font files the PDF report and the evidence banner draw with,
// their catalog (catalog.json: which file covers which code points) and the SIL Open Font License
// they come under. The files come from the Fontsource packages on the npm registry, fetched with
// `npm pack` at the pinned versions below, so the fonts are reproducible without being dependencies.
// Run: node node/scripts/write-fonts.mjs (docs/fonts.md).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = new URL('../../assets/public/fonts/', import.meta.url).pathname;
const VERSION = '5.3.0';

/**
 * The fallback chain's groups, in catalog order. `subsets` picks Fontsource's named subsets;
 * `numbered` takes every numbered chunk (the CJK fonts are cut into ~100 chunks each).
 */
const GROUPS = [
  {
    group: 'sans',
    pkg: 'noto-sans',
    family: 'Noto Sans',
    weights: [400, 700],
    subsets: ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'],
  },
  {
    group: 'arabic',
    pkg: 'noto-sans-arabic',
    family: 'Noto Sans Arabic',
    weights: [400, 700],
    subsets: ['arabic'],
  },
  {
    group: 'hebrew',
    pkg: 'noto-sans-hebrew',
    family: 'Noto Sans Hebrew',
    weights: [400, 700],
    subsets: ['hebrew'],
  },
  { group: 'jp', pkg: 'noto-sans-jp', family: 'Noto Sans JP', weights: [400], numbered: true },
  { group: 'kr', pkg: 'noto-sans-kr', family: 'Noto Sans KR', weights: [400], numbered: true },
  { group: 'sc', pkg: 'noto-sans-sc', family: 'Noto Sans SC', weights: [400], numbered: true },
];

function unpack(pkg, work) {
  const tgz = execFileSync(
    'npm',
    ['pack', `@fontsource/${pkg}@${VERSION}`, '--silent', '--pack-destination', work],
    {
      encoding: 'utf8',
    },
  ).trim();
  const dir = join(work, pkg);
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', join(work, tgz.split('\n').pop()), '-C', dir, '--strip-components=1']);
  return dir;
}

const work = mkdtempSync(join(tmpdir(), 'prooftrail-fonts-'));
try {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const faces = [];
  const notices = [];
  let licenceBody = '';
  for (const g of GROUPS) {
    const dir = unpack(g.pkg, work);
    const unicode = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8'));
    const names = g.numbered ? Object.keys(unicode).filter((k) => /^\[\d+\]$/.test(k)) : g.subsets;
    const licence = readFileSync(join(dir, 'LICENSE'), 'utf8');
    const cut = licence.indexOf('This Font Software is licensed');
    notices.push(
      `${g.family} (@fontsource/${g.pkg} ${VERSION}): ${licence.slice(0, cut).trim().replace(/\s+/g, ' ')}`,
    );
    licenceBody = licence.slice(cut);
    for (const weight of g.weights) {
      for (const name of names) {
        const part = name.replace(/[[\]]/g, '');
        const file = `${g.pkg}-${part}-${weight}-normal.woff`;
        copyFileSync(join(dir, 'files', file), join(OUT, file));
        faces.push({ group: g.group, family: g.family, weight, file, ranges: unicode[name] });
      }
    }
  }
  const catalog = { source: `@fontsource packages ${VERSION} (npm), WOFF files`, faces };
  writeFileSync(join(OUT, 'catalog.json'), `${JSON.stringify(catalog)}\n`);
  writeFileSync(
    join(OUT, 'OFL.txt'),
    `The fonts in this folder are under the SIL Open Font License 1.1 (below).\n\n${notices.join('\n')}\n\n${licenceBody}`,
  );
  const bytes = readdirSync(OUT).reduce((sum, f) => sum + readFileSync(join(OUT, f)).length, 0);
  console.log(`${faces.length} font files, ${(bytes / 1e6).toFixed(2)} MB, in ${OUT}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
