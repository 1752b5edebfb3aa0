import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type ProfileJob, withLibrary } from './library-job';

/** What a capture fulfils, as given on the command line. */
export interface RequestTarget {
  request: string;
  sample?: string;
  population?: boolean;
}

/**
 * Picks a request (and its sample or population) in the popup's request picker, as a person would.
 * Throws a clear message when the profile has no such request or sample.
 */
export async function pickRequestInPopup(page: Page, target: RequestTarget): Promise<void> {
  const picker = page.getByRole('group', { name: 'Auditor request' });
  const capture = page.getByRole('button', { name: /^Capture (visible area|full page|element)$/ });
  await capture.waitFor();
  // The picker appears only once the popup has read the open requests: wait for that, not a guess.
  await page.locator('form[data-requests="loaded"]').waitFor();
  if (!(await picker.count()))
    throw new Error(
      `request "${target.request}" is not in this profile's library (it has no open request: import the list with \`prooftrail requests import\`)`,
    );
  const select = picker.getByLabel('Request', { exact: true });
  const ids = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  if (!ids.includes(target.request))
    throw new Error(
      `request "${target.request}" is not among this profile's open requests (${ids.filter(Boolean).join(', ') || 'none'})`,
    );
  await select.selectOption(target.request);
  const fulfils = picker.getByLabel('Fulfils', { exact: true });
  if (target.population)
    return void (await fulfils.selectOption({ label: 'Population (the whole list, filter visible)' }));
  if (target.sample === undefined)
    return void (await fulfils.selectOption({ label: 'The request as a whole' }));
  const samples = await fulfils
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  if (!samples.includes(target.sample))
    throw new Error(
      `request "${target.request}" has no sample "${target.sample}" (its samples: ${samples.filter((s) => !s.startsWith('\u0000')).join(', ') || 'none'})`,
    );
  await fulfils.selectOption(target.sample);
}

/** Imports a request list through the library's form; returns the result line and any problems. */
export async function importRequestList(
  page: Page,
  file: string,
): Promise<{ ok: boolean; text: string; problems: string[] }> {
  const form = page.getByRole('form', { name: 'Import a request list' });
  await form.getByLabel('Request list (CSV)').setInputFiles(file);
  const status = form.locator('.request-import-result');
  // Each result bumps data-run: wait for this import's, not the one shown before.
  const run = Number(await status.getAttribute('data-run'));
  await form.getByRole('button', { name: 'Import requests' }).click();
  await form.locator(`.request-import-result[data-run="${run + 1}"]`).waitFor({ timeout: 60_000 });
  const text = ((await status.locator('p').textContent()) ?? '').trim();
  const problems = await status.locator('li').allTextContents();
  return { ok: text.startsWith('Imported'), text, problems };
}

/** The request's card in the library's Requests view. */
export function requestCard(page: Page, requestId: string) {
  return page.locator('article.request').filter({
    has: page
      .getByRole('heading', { level: 3 })
      .filter({ hasText: new RegExp(`^${escapeRegExp(requestId)}( · |$)`) }),
  });
}

/** Presses "Export request bundle" on a request's card and returns the new ZIP in the downloads folder. */
export async function exportRequest(page: Page, requestId: string, downloadsDir: string): Promise<string> {
  const card = requestCard(page, requestId);
  if (!(await card.count())) throw new Error(`there is no request "${requestId}" in this profile's library`);
  const before = new Set(zips(downloadsDir));
  const message = card.locator('.request-message');
  await card.getByRole('button', { name: 'Export request bundle' }).click();
  await message.filter({ hasText: /\S/ }).waitFor({ timeout: 600_000 });
  const text = ((await message.textContent()) ?? '').trim();
  if (!text.startsWith('Exported request')) throw new Error(text);
  // "Exported" is shown once the download is complete (download.ts waits for it).
  const added = zips(downloadsDir).filter((f) => !before.has(f));
  if (added.length !== 1) throw new Error(`expected one new .zip in ${downloadsDir}, found ${added.length}`);
  return join(downloadsDir, added[0]!);
}

/** `prooftrail requests import`: the request list into the profile's library, through its form. */
export async function runRequestsImportJob(job: ProfileJob & { file: string }) {
  return withLibrary(job, false, async (library) => {
    await library.showView('Requests');
    await library.page.getByRole('heading', { name: 'Auditor requests' }).waitFor();
    return importRequestList(library.page, resolve(job.file));
  });
}

/** `prooftrail export --request`: the request's bundle, through its card in the library. */
export async function runRequestExportJob(job: ProfileJob & { request: string; out: string }) {
  return withLibrary(job, true, async (library, b) => {
    await library.showView('Requests');
    await library.page.getByRole('heading', { name: 'Auditor requests' }).waitFor();
    await library.page.locator('.request-list, .requests-view .empty').first().waitFor();
    const file = await exportRequest(library.page, job.request, b.downloadsDir);
    const path = resolve(job.out);
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(file, path);
    return path;
  });
}

const zips = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.zip')) : []);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** After a request was picked: a capture needs a control; say so when the request's are in no catalog. */
export async function requireControlsPicked(page: Page, target: RequestTarget): Promise<void> {
  const capture = page.getByRole('button', { name: /^Capture (visible area|full page|element)$/ });
  if (await capture.isDisabled())
    throw new Error(
      `no control is picked: the controls of request "${target.request}" are in no catalog of this profile; name them with --control ID`,
    );
}
