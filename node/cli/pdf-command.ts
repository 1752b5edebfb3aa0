import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pdfFromBundle, ReportRefused } from '../../lib/report/pdf-from-bundle';
import { trustedRootsWith } from '../../lib/tsa/default-roots';
import { BundleReadError } from '../../lib/verify/read-zip';
import { diskFontSource } from './font-files';
import { parseCommandLine, UsageError } from './usage';

/** `prooftrail pdf`: the PDF report of a bundle, made after the bundle verifies. */
export async function runPdf(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { out: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('name one bundle (.zip)');
  const file = positionals[0]!;
  const out = values.out ?? `${file.replace(/\.zip$/i, '')}.pdf`;
  if (!out.toLowerCase().endsWith('.pdf')) throw new UsageError(`--out "${out}" must end in .pdf`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    writeFileSync(
      out,
      await pdfFromBundle(bytes, basename(file), { trustedTsaRoots: trustedRootsWith() }, diskFontSource()),
    );
  } catch (e) {
    if (e instanceof ReportRefused) {
      console.error(e.message);
      for (const line of e.lines) console.error(`  ${line}`);
      return 1;
    }
    if (e instanceof BundleReadError) throw new Error(`${file}: ${e.message}`);
    throw e;
  }
  console.log(resolve(out));
  return 0;
}
