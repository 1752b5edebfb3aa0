import { ensureExtensionBuilt } from '../automation/build-extension';
import { ensureChromium } from '../automation/find-chromium';
import { parseCommandLine, UsageError } from '../cli/usage';
import { runCaptureBench } from './capture-bench';
import {
  CAPTURES as COVERAGE_CAPTURES,
  CONTROLS as COVERAGE_CONTROLS,
  RUNS as COVERAGE_RUNS,
  SMALL_CAPTURES as COVERAGE_SMALL,
  runCoverageBench,
} from './coverage-bench';
import { CAPTURES_EACH, EXPORT_RUNS, IMAGE, runExportBench, TEAMMATES } from './export-bench';
import { BASELINE_CAPTURES, LIBRARY_CAPTURES, LIBRARY_RUNS, runLibraryBench } from './library-bench';
import { POPUP_RUNS, runPopupBench } from './popup-bench';
import {
  FULL_PAGE_PAIRS,
  ROWS as REDACTION_ROWS,
  RULE_SELECTOR,
  RULE_TOKEN_PATTERN,
  runRedactionBench,
} from './redaction-bench';
import { runStoreBench, STORE_CAPTURES } from './store-bench';
import { runVerifyBench, RUNS as VERIFY_RUNS } from './verify-bench';

/**
 * `npm run bench`: in headless Chromium, per viewport size: press-to-commit for the visible area of
 * the demo console's access review against raw captureVisibleTab on the same page (banner off and on),
 * with a per-step table of those captures (medians of the timings the automation build records in
 * capture-page.ts and hands over in storage.session; node/bench/capture-steps.ts) and the browser's
 * floor in the same run (node/bench/capture-floor.ts: the primitives a capture cannot avoid, back
 * to back, so press→committed − floor is what is ProofTrail's own); full-page capture of a page
 * ten viewports tall against the rate-limit floor (frames ÷ 2 per second), and the same for an app
 * shell whose main pane holds ten pane heights (the document does not scroll); element capture time;
 * and the size of script that runs on every page. Then the redaction bench (node/bench/redaction-bench.ts):
 * visible and full-page captures of a 2,000-row key table with three redaction rules against the
 * same captures without rules, interleaved in one browser. Then the export bench (node/bench/export-bench.ts):
 * export throughput for 1,000 imported captures against reading the same images from IndexedDB
 * alone in the same run, the browser's floor for writing the same image Blobs to a file, the
 * page's peak JS heap and ArrayBuffers during an export, the same
 * captures exported under three controls each (each image once per control folder), and the
 * library's integrity check of one capture in the capture detail. Then the verify bench
 * (node/bench/verify-bench.ts): `prooftrail verify` of a real signed bundle of about 1 GB against
 * `openssl dgst -sha256` over the same file in the same run, and the verifier's peak RSS.
 * Then the coverage bench (node/bench/coverage-bench.ts): coverage of 10,000 captures over 150
 * controls and an audit year, in the library page (IndexedDB read + computeCoverage) and in this
 * Node process, each beside 100 captures in the same process. Then the library bench
 * (node/bench/library-bench.ts): the library's first render, a filter change, a search keystroke, a
 * scroll through every group, the popup's opening and the search index's rebuild, at 10,000
 * captures beside 10 in the same run.
 * `--only capture` runs the capture figures and the redaction bench, `--only capture-visible` the
 * visible captures alone (both sizes, both banner settings, with the floor and step table: what
 * to iterate on), `--only redaction` the redaction
 * bench alone, `--only export`, `--only verify`, `--only coverage` or `--only library` one of those
 * (verify needs no Chromium); `--only popup` the popup's opening alone, step by step
 * (node/bench/popup-bench.ts; not part of a full run, whose library part times the popup);
 * `--only store` the team store bench (node/bench/store-bench.ts: push against raw PUTs, export
 * from the store against a plain download, on a local Ceph RGW), also the last part of a full run.
 */
export async function runBench(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, { runs: { type: 'string' }, only: { type: 'string' } });
  const runs = Number(values.runs ?? 11);
  if (!Number.isInteger(runs) || runs < 3) throw new Error('--runs must be an integer of at least 3');
  const only = values.only;
  if (
    only !== undefined &&
    only !== 'capture' &&
    only !== 'capture-visible' &&
    only !== 'redaction' &&
    only !== 'export' &&
    only !== 'verify' &&
    only !== 'coverage' &&
    only !== 'library' &&
    only !== 'popup' &&
    only !== 'store'
  )
    throw new UsageError(
      `--only must be "capture", "capture-visible", "redaction", "export", "verify", "coverage", "library", "popup" or "store", not "${only}"`,
    );
  if (only !== 'verify') {
    const executablePath = ensureChromium();
    const extensionDir = ensureExtensionBuilt('automation');
    if (only === undefined || only === 'capture') await runCaptureBench(executablePath, extensionDir, runs);
    if (only === 'capture-visible')
      await runCaptureBench(executablePath, extensionDir, runs, { visibleOnly: true });
    if (only === undefined || only === 'capture' || only === 'redaction') {
      const lines = await runRedactionBench({ executablePath, extensionDir, visiblePairs: runs });
      console.log(
        `ProofTrail redaction bench (${REDACTION_ROWS}-row key table through the popup; rules: selector ${RULE_SELECTOR}, the email pattern, ${RULE_TOKEN_PATTERN}; without/with interleaved, ${runs} visible pairs after one warm-up, ${FULL_PAGE_PAIRS} full-page pairs, medians of press→committed)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === undefined || only === 'export') {
      const lines = await runExportBench({ executablePath, extensionDir });
      console.log(
        `ProofTrail export bench (${TEAMMATES} teammates' bundles × ${CAPTURES_EACH} captures imported, ${IMAGE.width}×${IMAGE.height} noise PNGs, each tagged to 3 controls; ${EXPORT_RUNS} rounds of IndexedDB read, write floors (images; with previews; with previews and the image check; the image check alone), export of one control, export of all 3 (per-control), export of all 3 (write-once), to a picked file, medians; one more export for the heap; integrity check of one capture, median of 9)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === undefined || only === 'coverage') {
      const lines = await runCoverageBench({ executablePath, extensionDir });
      console.log(
        `ProofTrail coverage bench (${COVERAGE_CAPTURES.toLocaleString('en-US')} and ${COVERAGE_SMALL} captures over ${COVERAGE_CONTROLS} controls and an audit year, mixed cadences and sensitivities, some effective dates; ${COVERAGE_RUNS} runs each after one warm-up, medians)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === undefined || only === 'library') {
      const lines = await runLibraryBench({ executablePath, extensionDir });
      console.log(
        `ProofTrail library bench (${LIBRARY_CAPTURES.toLocaleString('en-US')} generated captures with page text, images and ledger entries beside ${BASELINE_CAPTURES} in the same run; ${LIBRARY_RUNS} openings each after one warm-up, medians)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === undefined || only === 'store') {
      const lines = await runStoreBench({ executablePath, extensionDir });
      console.log(
        `ProofTrail team store bench (single-node Ceph RGW on this machine, Object Lock bucket with COMPLIANCE default retention; ${STORE_CAPTURES.toLocaleString('en-US')} generated captures pushed by an owner's browser, then read and exported by a reader's; baselines with the same S3 client in the same page, 8 requests in flight)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === 'popup') {
      const lines = await runPopupBench({
        executablePath,
        extensionDir,
        compareDir: process.env.POPUP_BENCH_COMPARE,
      });
      console.log(
        `ProofTrail popup bench (the popup opened in a popup window aimed at a blank tab, ${LIBRARY_CAPTURES.toLocaleString('en-US')} captures beside ${BASELINE_CAPTURES} in the same run, each opening after an empty page opened the same way; ${POPUP_RUNS} openings each after one warm-up, medians)`,
      );
      for (const line of lines) console.log(line);
    }
  }
  if (only === undefined || only === 'verify') {
    const lines = await runVerifyBench();
    console.log(
      `ProofTrail verify bench (CLI verify of a real signed bundle against openssl dgst -sha256 over the same file; ${VERIFY_RUNS} interleaved runs after one warm-up, medians)`,
    );
    for (const line of lines) console.log(line);
  }
  return 0;
}
