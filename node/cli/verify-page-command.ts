import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseCommandLine, UsageError } from './usage';

/** The project's root (a source checkout) or the installed package's: this file is two folders down. */
const ROOT = new URL('../../', import.meta.url);

/**
 * Where the verifier page is: in a source checkout, the page the extension build made (and puts
 * into every bundle); in the npm package, dist/verify.html, built by node/scripts/build-package.mjs
 * from the same sources.
 */
const PAGES = ['assets/public/viewer/verify.html.txt', 'dist/verify.html'];

/** The verifier page's bytes, building it first in a source checkout that has not built it yet. */
async function verifyPageBytes(): Promise<Uint8Array> {
  for (const page of PAGES) {
    const url = new URL(page, ROOT);
    if (existsSync(url)) return readFileSync(url);
  }
  const script = new URL('node/scripts/build-verify-page.mjs', ROOT);
  if (!existsSync(script))
    throw new Error('this installation has no verifier page (dist/verify.html is missing)');
  const { buildVerifyPage } = (await import(script.href)) as { buildVerifyPage(): Promise<string> };
  return readFileSync(await buildVerifyPage());
}

/**
 * `prooftrail verify-page --out FILE`: writes the offline verifier page (the same page a bundle
 * carries as verify.html), from this package rather than from a bundle, whose copy is only as
 * trustworthy as the bundle. Prints the file and its SHA-256.
 */
export async function runVerifyPage(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { out: { type: 'string' } }, true);
  if (positionals.length) throw new UsageError('verify-page takes no file name but --out FILE');
  if (!values.out) throw new UsageError('verify-page needs --out FILE (for example --out verify.html)');
  const bytes = await verifyPageBytes();
  writeFileSync(values.out, bytes);
  console.log(`${values.out} (SHA-256 ${createHash('sha256').update(bytes).digest('hex')})`);
  return 0;
}
