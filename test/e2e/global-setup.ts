import { ensureExtensionBuilt } from '../../node/automation/build-extension';
import { ensureChromium } from '../../node/automation/find-chromium';

/** Finds (or installs) Chromium and builds the automation extension once; e2e never skips. */
export default function setup(): void {
  const chromium = ensureChromium((line) => console.log(line));
  process.env.CHROME_PATH = chromium;
  ensureExtensionBuilt('automation', { force: process.env.PROOFTRAIL_SKIP_BUILD !== '1', quiet: true });
}
