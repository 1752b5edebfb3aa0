import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCatalog, type FontSource } from '../../lib/fonts/catalog';
import { PROJECT_ROOT } from '../automation/build-extension';

/**
 * The report fonts read from disk: the source tree's assets/public/fonts, or, in the npm package
 * (which has no assets/), the built extension's fonts/ folder. Same files the extension fetches.
 */
export function diskFontSource(root = PROJECT_ROOT): FontSource {
  const dirs = [join(root, 'assets/public/fonts'), join(root, '.output/chrome-mv3-automation/fonts')];
  const dir = dirs.find((d) => existsSync(join(d, 'catalog.json')));
  const where = () => {
    if (!dir) throw new Error(`the report fonts are missing: no catalog.json in ${dirs.join(' or ')}`);
    return dir;
  };
  return {
    catalog: async () => {
      const file = join(where(), 'catalog.json');
      return checkCatalog(JSON.parse(readFileSync(file, 'utf8')), file);
    },
    file: async (name) => new Uint8Array(readFileSync(join(where(), name))),
  };
}
