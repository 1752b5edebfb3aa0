import type { FontSource } from '../fonts/catalog';
import { readZip } from '../verify/read-zip';
import { formatReport } from '../verify/report';
import { verifyBundle } from '../verify/verify-bundle';
import type { VerifyOptions } from '../verify/verify-options';
import { CoverageSheetError } from './coverage-csv';
import { modelFromBundle } from './model-from-bundle';
import { pdfReport } from './pdf-report';

/** The bundle did not verify: no report is made from evidence that may have been altered. */
export class ReportRefused extends Error {
  constructor(
    message: string,
    readonly lines: string[],
  ) {
    super(message);
  }
}

/** Verifies a bundle, then makes its PDF report (cover, then per control its captures); `fonts` as pdfReport. */
export async function pdfFromBundle(
  bytes: Uint8Array,
  bundleName: string,
  options: VerifyOptions = {},
  fonts?: FontSource,
): Promise<Uint8Array> {
  const archive = await readZip(bytes);
  const report = await verifyBundle(archive, options);
  if (!report.ok || !report.bundle)
    throw new ReportRefused(
      `${bundleName} did not verify; no report was made.`,
      formatReport(report, bundleName),
    );
  let model: Awaited<ReturnType<typeof modelFromBundle>>;
  try {
    model = await modelFromBundle(archive, report.bundle, bundleName);
  } catch (e) {
    if (!(e instanceof CoverageSheetError)) throw e;
    throw new ReportRefused(
      `${bundleName}: coverage.csv is malformed; no report was made.`,
      e.problems.map((p) => `coverage.csv ${p}`),
    );
  }
  const sizes = new Map(report.bundle.manifest.files.map((f) => [f.path, f.size]));
  return pdfReport(
    model,
    async (path) => {
      const size = sizes.get(path);
      return size === undefined ? undefined : archive.read(path, size);
    },
    fonts,
  );
}
