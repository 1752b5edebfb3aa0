import type { ProofTrailDb } from '../db/database';
import type { BundleLayout } from '../formats/manifest';
import { type CaptureExtras, readCaptureExtras } from './capture-files';
import { type CaptureFiling, FilingPlanner } from './capture-paths';
import type { ExportPlan } from './plan-export';
import type { ReportBuilder } from './report-builder';
import type { RequestFiles } from './request-files';

/** Captures whose previews and page context are read in one request per table. */
const BATCH = 128;

/** One capture's stored extras and the names its files get. */
export interface PlannedCapture {
  extras: CaptureExtras;
  filing: CaptureFiling;
}

/**
 * Reads every capture's previews and page context (Blob handles) a batch at a time, in order,
 * without waiting for the writer, and names its files (capture-paths.ts) as each batch arrives;
 * each capture is added to the report under those names, and a request's copy noted for
 * requests.csv. The writer awaits `at(i)` for capture i (usually long since read); `all` resolves
 * once every capture is named, when the reports can be made.
 */
export function planFilings(
  db: ProofTrailDb,
  plan: ExportPlan,
  layout: BundleLayout,
  report: ReportBuilder,
  requestFiles?: RequestFiles,
): { at(index: number): Promise<PlannedCapture>; all: Promise<unknown> } {
  const planner = new FilingPlanner(layout);
  const batches: Promise<PlannedCapture[]>[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < plan.captures.length; start += BATCH) {
    const part = plan.captures.slice(start, start + BATCH);
    const batch = previous.then(async () => {
      const extras = await readCaptureExtras(
        db,
        part.map((c) => c.capture),
      );
      return part.map(({ capture, controlIds }, i) => {
        const filing = planner.plan(capture, controlIds, extras[i]!, requestFiles?.folderOf(capture.id));
        if (filing.request) requestFiles?.planned(capture.id, filing.request);
        report.addCapture(capture, filing.byControl);
        return { extras: extras[i]!, filing };
      });
    });
    batch.catch(() => undefined);
    batches.push(batch);
    previous = batch;
  }
  const all = Promise.all(batches);
  all.catch(() => undefined);
  return { at: async (index) => (await batches[Math.floor(index / BATCH)]!)[index % BATCH]!, all };
}
