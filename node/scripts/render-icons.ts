// `npm run icons`: rasterizes assets/icon.svg into the extension's PNG icons (16, 32, 48, 128 px,
// under assets/public/icon/, which WXT copies into every build) and writes the bundle report's
// inline favicon (lib/report/favicon.ts). Chromium draws the SVG, so the PNGs are what a browser
// shows; they are committed, so builds need no browser.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureChromium } from '../automation/find-chromium';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The sizes the manifests declare (toolbar 16/32, extensions page 48, store and install 128). */
export const ICON_SIZES = [16, 32, 48, 128] as const;
/** The favicon size inlined into the bundle report. */
const FAVICON_SIZE = 32;

/** The PNG of one size's icon, as committed. */
export function iconPath(size: number): string {
  return join(root, 'assets', 'public', 'icon', `${size}.png`);
}

async function render(): Promise<void> {
  const svg = readFileSync(join(root, 'assets', 'icon.svg'), 'utf8');
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}img{display:block}</style><img src="${src}" width="${size}" height="${size}">`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      writeFileSync(iconPath(size), png);
      await page.close();
      console.log(`icon ${size}×${size} → ${iconPath(size)} (${png.length} bytes)`);
    }
  } finally {
    await browser.close();
  }
  const favicon = readFileSync(iconPath(FAVICON_SIZE)).toString('base64');
  writeFileSync(
    join(root, 'lib', 'report', 'favicon.ts'),
    `// Written by node/scripts/render-icons.ts from assets/public/icon/${FAVICON_SIZE}.png: do not edit.\n\n` +
      `/** The report's favicon, inline so that index.html stays self-contained (its CSP allows data: images). */\n` +
      `export const REPORT_FAVICON_DATA_URL =\n  'data:image/png;base64,${favicon}';\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await render();
