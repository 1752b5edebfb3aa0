import { copyFileSync, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ensureExtensionBuilt } from './build-extension';
import { type CoverageQueryInput, type ExportScopeInput, LibraryPage } from './extension-pages';
import { findChromium, INSTALL_HINT } from './find-chromium';
import { type LaunchedBrowser, launchWithExtension } from './launch';

/** A stored-evidence profile: a Chromium profile folder holding the extension's library. */
export interface ProfileJob {
  profile: string;
  log?: (line: string) => void;
}

/** Fails clearly when the profile is missing (export) or open in another Chromium. */
export function checkProfile(profile: string, mustExist: boolean): string {
  const dir = resolve(profile);
  if (mustExist && !existsSync(join(dir, 'Default')))
    throw new Error(
      `no ProofTrail profile at ${dir} (make one with \`prooftrail capture --profile ${profile} …\` or \`prooftrail import --profile ${profile} …\`)`,
    );
  if (lockHolder(dir) !== undefined)
    throw new Error(`the profile ${dir} is open in another Chromium; close it first`);
  return dir;
}

/**
 * The live process holding the profile's lock, if any. Chromium's lock is a symbolic link to
 * `<host>-<pid>`; one left by a browser that has exited is stale (Chromium takes it over itself).
 */
function lockHolder(dir: string): number | undefined {
  let target: string;
  try {
    target = readlinkSync(join(dir, 'SingletonLock'));
  } catch {
    return undefined;
  }
  const m = /^(.*)-(\d+)$/.exec(target);
  if (!m || m[1] !== hostname()) return m ? Number(m[2]) : undefined;
  try {
    process.kill(Number(m[2]), 0);
    return Number(m[2]);
  } catch {
    return undefined;
  }
}

/** Opens the profile's library in headless Chromium, runs `work`, closes. */
export async function withLibrary<T>(
  job: ProfileJob,
  mustExist: boolean,
  work: (library: LibraryPage, b: LaunchedBrowser) => Promise<T>,
): Promise<T> {
  const userDataDir = checkProfile(job.profile, mustExist);
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(`no Chromium found (set CHROME_PATH, or install /usr/bin/chromium):\n  ${INSTALL_HINT}`);
  const extensionDir = ensureExtensionBuilt('automation');
  const b = await launchWithExtension({
    executablePath,
    extensionDir,
    userDataDir,
    downloadsDir: join(userDataDir, 'prooftrail-downloads'),
    headless: true,
  });
  try {
    const library = await LibraryPage.open(b);
    return await work(library, b);
  } finally {
    await b.close();
  }
}

/** Exports a scope of the profile's evidence to `out` (and its PDF report to `pdf`). */
export async function runExportJob(
  job: ProfileJob & {
    scope: ExportScopeInput;
    out: string;
    pdf?: string;
    /** Runs first, in the same browser (the team store's evidence read into the profile). */
    before?: (b: LaunchedBrowser) => Promise<void>;
  },
): Promise<{ bundlePath: string; pdfPath?: string }> {
  return withLibrary(job, !job.before, async (library, b) => {
    if (job.before) {
      await job.before(b);
      await library.page.reload();
    }
    const file = await library.export(job.scope, b.downloadsDir);
    const bundlePath = place(file, job.out);
    job.log?.(`exported ${bundlePath}`);
    let pdfPath: string | undefined;
    if (job.pdf) {
      pdfPath = place(await library.exportPdf(job.scope, b.downloadsDir), job.pdf);
      job.log?.(`PDF report ${pdfPath}`);
    }
    return { bundlePath, pdfPath };
  });
}

/** Imports bundles into the profile's library, one after the other, as a person would. */
export async function runImportJob(
  job: ProfileJob & {
    bundles: string[];
    identity?: { name: string; email: string };
    /** Fingerprints of keys to trust if a bundle is signed by them and they are not trusted yet. */
    trust?: string[];
  },
): Promise<{ file: string; ok: boolean; text: string; lines: string[] }[]> {
  return withLibrary(job, false, async (library, b) => {
    if (job.identity) await setIdentityIfMissing(b, job.identity);
    const results = [];
    for (const file of job.bundles) {
      const r = await library.importBundle(resolve(file), job.trust);
      job.log?.(`${file}: ${r.text}`);
      results.push({ file, ...r });
      if (!r.ok) break;
    }
    return results;
  });
}

function place(from: string, to: string): string {
  const path = resolve(to);
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(from, path);
  return path;
}

/** Fills the Settings page's identity form when none is saved yet. */
export async function setIdentityIfMissing(b: LaunchedBrowser, who: { name: string; email: string }) {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    const name = page.getByLabel('Your name');
    await name.waitFor();
    if (await name.inputValue()) return;
    await name.fill(who.name);
    await page.getByLabel('Your email').fill(who.email);
    await page.getByRole('form', { name: 'Capturer identity' }).getByRole('button').click();
    await page
      .locator('.identity-form .form-status')
      .filter({ hasText: /Saved|\w/ })
      .waitFor();
    const error = page.locator('.identity-form .error');
    if (await error.count()) throw new Error(`identity refused: ${await error.textContent()}`);
  } finally {
    await page.close();
  }
}

/** Imports a cadence file (and the audit period of its frameworks) through the library's form. */
export async function runCadencesImportJob(
  job: ProfileJob & { file: string; period?: { from: string; to: string; timeZone?: string } },
): Promise<{ ok: boolean; text: string; lines: string[]; fieldErrors: string[] }> {
  return withLibrary(job, false, async (library) => {
    const coverage = await library.coverage();
    return coverage.importCadences(resolve(job.file), job.period);
  });
}

/** Downloads the coverage JSON of the library's coverage view, set as asked; returns its text. */
export async function runCoverageJob(job: ProfileJob & { query: CoverageQueryInput }): Promise<string> {
  return withLibrary(job, true, async (library, b) => {
    const coverage = await library.coverage();
    const path = await coverage.downloadJson(job.query, b.downloadsDir);
    for (const notice of await coverage.noPeriodNotices()) job.log?.(notice);
    try {
      return readFileSync(path, 'utf8');
    } finally {
      rmSync(path, { force: true });
    }
  });
}
