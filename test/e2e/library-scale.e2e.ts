import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { callEntry, libraryPageScript, seedLibrary } from '../../node/bench/library-bench';
import { libraryFixture } from '../../node/bench/library-fixture';
import type { StaticServer } from '../../node/demo/static-server';
import { makeTeamBundle } from '../../node/fixtures/team-bundle';
import { launch, startFixtureSite, tempDir } from './support';

// The library at a year of evidence (issue 13 item 4), not timed (the bench times it): 10,000
// generated captures over 150 controls, stored straight into the extension's IndexedDB, one of them
// with a note no other capture has.
const CAPTURES = 10_000;
const NEEDLE = { index: 4_321, note: 'Break-glass account reviewed with Quillfeather' };

let b: LaunchedBrowser;
let site: StaticServer;
let library: LibraryPage;
let needleId = '';
let groups = 0;
let taggings = 0;

beforeAll(async () => {
  const fixture = libraryFixture(CAPTURES, NEEDLE);
  needleId = fixture[NEEDLE.index]!.record.id;
  const controls = new Set(fixture.flatMap((c) => c.record.controlIds));
  groups = controls.size;
  taggings = fixture.reduce((n, c) => n + c.record.controlIds.length, 0);
  expect(fixture.filter((c) => c.record.note.includes('Quillfeather'))).toHaveLength(1);
  site = await startFixtureSite();
  b = await launch();
  const script = await libraryPageScript();
  expect(await seedLibrary(b, script, CAPTURES, NEEDLE)).toBe(CAPTURES);
  expect(await callEntry(b, script, 'idAt', CAPTURES, NEEDLE.index)).toBe(needleId);
  await setIdentityIfMissing(b, { name: 'Carol Compliance', email: 'carol@example.test' });
  library = await LibraryPage.open(b);
}, 600_000);

afterAll(async () => {
  await b?.close();
  await site?.close();
});

describe('the library with 10,000 captures', () => {
  it('renders: the first group is shown with its cards, and the list reports every capture and group', async () => {
    const p = library.page;
    const first = p.locator('section.group').first();
    await first.locator('li .card-title').first().waitFor();
    await expect(first.locator('li .card-title').first().innerText()).resolves.not.toBe('Loading…');
    const count = await library.listCount();
    expect(count).toMatchObject({ total: CAPTURES, shown: CAPTURES, groups });
    await expect(p.locator('.list-count').innerText()).resolves.toBe(
      `10,000 captures under ${groups} controls`,
    );
    // Every group has its heading; the cards are there only near the viewport.
    await expect(p.locator('section.group h2').count()).resolves.toBe(groups);
    const counts = await p
      .locator('section.group ul.cards')
      .evaluateAll((uls) => uls.map((ul) => Number(ul.getAttribute('data-total'))));
    expect(counts.reduce((a, n) => a + n, 0)).toBe(taggings);
    const rendered = await p.locator('section.group li[data-id]').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(400);
    // Each card says where it stands in its group, for screen readers.
    const li = first.locator('li[data-id]').first();
    await expect(li.getAttribute('aria-posinset')).resolves.toBe('1');
    await expect(li.getAttribute('aria-setsize')).resolves.toBe(String(counts[0]));
  });

  it('draws every list where the list computes it is (computed from counts, never measured)', async () => {
    const p = library.page;
    const placed = await p.locator('.groups').evaluate((box) => {
      const origin = box.getBoundingClientRect().top;
      const lists = [...box.querySelectorAll<HTMLElement>('ul.cards')];
      return {
        height: [Number(box.dataset.height), box.getBoundingClientRect().height],
        tops: lists.map((ul) => [Number(ul.dataset.top), ul.getBoundingClientRect().top - origin]),
      };
    });
    expect(placed.tops).toHaveLength(groups);
    for (const [computed, drawn] of placed.tops) expect(Math.abs(computed! - drawn!)).toBeLessThan(1);
    expect(Math.abs(placed.height[0]! - placed.height[1]!)).toBeLessThan(1);
  });

  it('keeps rendering cards as the list scrolls to its last group, and loads their thumbnails there', async () => {
    const p = library.page;
    const last = p.locator('section.group').last();
    // Its heading at the top of the viewport: its first cards are in view.
    await last.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const card = last.locator('li[aria-posinset="1"]');
    await card.waitFor();
    await card.locator('img.thumb').waitFor();
    // Its record comes by its own way, not ordered with the thumbnail.
    await card.locator('.card-title:not(:text-is("Loading…"))').waitFor();
    await p.evaluate(() => scrollTo(0, 0));
  });

  it('shows the records of cards scrolled into view once its worker reads them (index ready)', async () => {
    const p = library.page;
    // From here on the page reads records through its worker (record-cache.ts readVia).
    await p.locator('search.library-search[data-index="ready"]').waitFor({ timeout: 600_000 });
    // A group in the middle, never drawn so far: its records were not read on the page's thread.
    const middle = p.locator('section.group').nth(75);
    await middle.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const card = middle.locator('li[aria-posinset="2"]');
    await card.locator('.card-title:not(:text-is("Loading…"))').waitFor();
    await expect(card.locator('.card-line.mono').innerText()).resolves.toMatch(/^SHA-256 /);
    await p.evaluate(() => scrollTo(0, 0));
  });

  it('finds the note written into exactly one capture, and nothing for words no capture has', async () => {
    const found = await library.search('quillfeather');
    expect(found).toMatchObject({ shown: 1, total: CAPTURES, ids: [needleId] });
    await expect(library.page.locator(`li[data-id="${needleId}"] .found`).first().innerText()).resolves.toBe(
      'Found in the note',
    );
    expect((await library.search('quillfeather zzyzxnotaword')).shown).toBe(0);
    await library.page.getByText('No capture matches these filters.').waitFor();
  });

  it('stops finding it once that capture is deleted', async () => {
    const p = library.page;
    await library.search('quillfeather');
    await p.locator(`li[data-id="${needleId}"] .card-button`).first().click();
    await p.getByRole('button', { name: 'Delete…' }).click();
    await p.getByLabel('Reason (required)').fill('Captured the wrong account');
    await p.getByRole('button', { name: 'Delete permanently' }).click();
    await p.getByText('the deletion is recorded below').waitFor();
    expect(await library.search('quillfeather')).toMatchObject({ shown: 0, total: CAPTURES - 1, ids: [] });
    // A page opened afterwards loads the stored index: it agrees.
    const again = await LibraryPage.open(b);
    expect(await again.search('quillfeather')).toMatchObject({ shown: 0, total: CAPTURES - 1 });
    await again.page.close();
  });

  it('finds a capture made in the popup, in the library page already open', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Carol Compliance', 'carol@example.test');
    await popup.pickControls(['A.5.18']);
    await popup.setNote('Okapiwren sign-off for the quarter');
    await popup.capture();
    await popup.page.close();
    await tab.page.close();
    // The open page hears of the new capture (the commit signal) and its worker indexes it.
    await expect.poll(async () => (await library.search('okapiwren')).shown, { timeout: 60_000 }).toBe(1);
    expect((await library.listCount()).total).toBe(CAPTURES);
  });

  it('finds a capture imported from a teammate’s bundle', async () => {
    const bundle = await makeTeamBundle({
      capturer: { name: 'Alice Auditor', email: 'alice@example.test' },
      captures: [
        {
          controls: [{ id: 'A.8.13', title: 'Information backup', framework: 'ISO/IEC 27001:2022' }],
          pageTitle: 'Snapshot policy — Marmotfield cluster',
          pageUrl: 'https://backup.example/policies/7',
          note: '',
          capturedAt: '2026-06-01T10:00:00.000Z',
        },
      ],
      image: { width: 32, height: 24 },
      seed: 3,
    });
    const path = join(tempDir('library-scale'), 'alice.zip');
    writeFileSync(path, bundle.bytes);
    const r = await library.importBundle(path, [bundle.fingerprint]);
    expect(r.ok).toBe(true);
    await library.page.locator('dialog.import-dialog').getByRole('button', { name: 'Close' }).first().click();
    const found = await library.search('marmotfield');
    expect(found).toMatchObject({ shown: 1, total: CAPTURES + 1 });
  });
});
