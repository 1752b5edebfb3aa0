#!/usr/bin/env node
// Builds verify.html: the verifier (lib/verify) and its page as one self-contained HTML file, with
// no external resource, so it works offline from an unzipped bundle. Written to assets/public/viewer/,
// which WXT copies into the extension; the exporter puts it into every bundle.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const page = join(root, 'lib', 'verify-page');

/** Builds assets/public/viewer/verify.html.txt; returns its path. */
export async function buildVerifyPage() {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      lib: { entry: join(page, 'main.ts'), formats: ['iife'], name: 'ProofTrailVerify' },
      minify: true,
    },
  });
  const output = (Array.isArray(result) ? result[0] : result).output;
  const js = output.find((o) => o.type === 'chunk').code.replace(/<\/script/gi, '<\\/script');
  // The extension's icon as the page's favicon, inline like everything else in it.
  const favicon = readFileSync(join(root, 'assets', 'public', 'icon', '32.png')).toString('base64');
  const html = readFileSync(join(page, 'template.html'), 'utf8')
    .replace(
      '</title>',
      () => `</title>\n<link rel="icon" type="image/png" href="data:image/png;base64,${favicon}">`,
    )
    .replace('<script>/*BUNDLE*/</script>', () => `<script>${js}</script>`);
  // Stored as text in the extension: it is never run there (its inline script would be blocked), only copied into bundles.
  const out = join(root, 'assets', 'public', 'viewer', 'verify.html.txt');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(`verify.html → ${await buildVerifyPage()}`);
