import { MANIFEST_PATH, manifestSchema } from '../formats/manifest';
import { readZip } from '../verify/read-zip';
import { formatReport } from '../verify/report';
import { verifyBundle } from '../verify/verify-bundle';
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

/** Verifies a bundle, then makes its PDF report (cover, then per control its captures). */
export async function pdfFromBundle(bytes: Uint8Array, bundleName: string): Promise<Uint8Array> {
  const zip = readZip(bytes);
  const report = await verifyBundle(zip);
  if (!report.ok)
    throw new ReportRefused(
      `${bundleName} did not verify; no report was made.`,
      formatReport(report, bundleName),
    );
  const manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(zip.files.get(MANIFEST_PATH)!)));
  const model = modelFromBundle(zip, manifest, bundleName);
  return pdfReport(model, async (path) => zip.files.get(path));
}
