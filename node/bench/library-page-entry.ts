// Bundled (IIFE, global ProofTrailLibraryBench) by node/bench/library-bench.ts and by the
// library-scale test, and evaluated in one of the extension's pages: it generates the library
// fixture there and stores it in the extension's IndexedDB with the extension's own code.

import { readCaptureKeys, updateCaptureKeys } from '../../lib/db/capture-keys';
import { ProofTrailDb } from '../../lib/db/database';
import { saveSchedules } from '../../lib/db/schedules-repo';
import { dropSearchIndex } from '../../lib/db/search-index-store';
import { setIdentity as storeIdentity } from '../../lib/db/settings-repo';
import { coverageFixture } from './coverage-fixture';
import type { ScrollFigures } from './library-bench';
import { libraryFixture, type Needle } from './library-fixture';

/** Captures written per transaction while seeding. */
const CHUNK = 500;

/** A small PNG of one colour (the same few are shared: the list only has to load and show them). */
async function png(hue: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(160, 100);
  const g = canvas.getContext('2d')!;
  g.fillStyle = `hsl(${hue} 60% 70%)`;
  g.fillRect(0, 0, 160, 100);
  g.fillStyle = '#333';
  g.fillRect(10, 10, 100, 8);
  return canvas.convertToBlob({ type: 'image/png' });
}

/**
 * Stores `count` generated captures (record, key row, image, thumbnail, page text, ledger entry),
 * replacing every capture stored before; `needle` writes one note into one capture. Leaves the
 * search index as it was (stale or absent): the library reconciles it. Returns the number stored.
 */
export async function seed(count: number, needle?: Needle): Promise<number> {
  const captures = libraryFixture(count, needle);
  const images = await Promise.all(Array.from({ length: 8 }, (_, i) => png(i * 45)));
  const db = new ProofTrailDb();
  try {
    await clearIn(db);
    for (let i = 0; i < captures.length; i += CHUNK) {
      const part = captures.slice(i, i + CHUNK);
      const records = part.map((c) => c.record);
      await db.transaction(
        'rw',
        [db.captures, db.captureKeys, db.images, db.thumbnails, db.pageContext, db.ledger],
        async () => {
          await db.captures.bulkAdd(records);
          await updateCaptureKeys(db, { add: records });
          await db.images.bulkAdd(
            part.map((c, j) => ({ captureId: c.record.id, blob: images[(i + j) % 8]! })),
          );
          await db.thumbnails.bulkAdd(
            part.map((c, j) => ({ captureId: c.record.id, blob: images[(i + j) % 8]! })),
          );
          await db.pageContext.bulkAdd(
            part.map((c) => ({
              captureId: c.record.id,
              text: new Blob([c.pageText], { type: 'text/plain;charset=utf-8' }),
            })),
          );
          await db.ledger.bulkAdd(part.map((c) => c.ledger));
        },
      );
    }
    const { schedules, periods } = coverageFixture(count);
    await saveSchedules(db, schedules, periods);
    return db.captures.count();
  } finally {
    db.close();
  }
}

/** Sets who captures (the popup asks for it first otherwise). */
export async function setIdentity(): Promise<void> {
  const db = new ProofTrailDb();
  try {
    await storeIdentity(db, { name: 'Bench Runner', email: 'bench@prooftrail.example' });
  } finally {
    db.close();
  }
}

/** Forgets the stored search index, as a database from before it has none. */
export async function dropIndex(): Promise<void> {
  const db = new ProofTrailDb();
  try {
    await dropSearchIndex(db);
  } finally {
    db.close();
  }
}

/** The id of the capture at `index` of a fixture of `count` (the one a needle goes into). */
export async function idAt(count: number, index: number): Promise<string> {
  return libraryFixture(count)[index]!.record.id;
}

/** Empties captures, their rows and the ledger (the bench's and test's profiles are their own). */
export async function clear(): Promise<void> {
  const db = new ProofTrailDb();
  try {
    await clearIn(db);
  } finally {
    db.close();
  }
}

async function clearIn(db: ProofTrailDb): Promise<void> {
  await db.transaction(
    'rw',
    [db.captures, db.captureKeys, db.images, db.thumbnails, db.pageContext, db.ledger],
    async () => {
      await Promise.all([
        db.captures.clear(),
        db.captureKeys.clear(),
        db.images.clear(),
        db.thumbnails.clear(),
        db.pageContext.clear(),
        db.ledger.clear(),
      ]);
    },
  );
}

/** How long reading every capture record and every ledger record takes here (diagnostics). */
export async function readTimes(): Promise<{ records: number; ledger: number; keys: number }> {
  const db = new ProofTrailDb();
  try {
    await db.open();
    const t0 = performance.now();
    await db.captures.toArray();
    const t1 = performance.now();
    await db.ledger.toArray();
    const t2 = performance.now();
    await db.captures.toCollection().primaryKeys();
    const t3 = performance.now();
    return { records: t1 - t0, ledger: t2 - t1, keys: t3 - t2 };
  } finally {
    db.close();
  }
}

/**
 * The database alone, in a page that has loaded nothing else of ours (the bench's floor): a new
 * connection opened (Dexie, as every page opens it), then every capture's key read the way the
 * library's first view reads them.
 */
export async function timeDatabase(): Promise<{ openMs: number; keysMs: number }> {
  const t0 = performance.now();
  const db = new ProofTrailDb();
  try {
    await db.open();
    const t1 = performance.now();
    await readCaptureKeys(db);
    return { openMs: t1 - t0, keysMs: performance.now() - t1 };
  } finally {
    db.close();
  }
}

// Timings run in the opened library page (the bench evaluates this script there too).

/** How long one interaction may wait for the list to settle before the bench gives up. */
const SETTLE_LIMIT_MS = 60_000;

/** The list's state as the bench reads it, for an error message. */
function listState(): string {
  const c = document.querySelector<HTMLElement>('.list-count');
  return `page ${document.visibilityState}; list ${JSON.stringify({ ...c?.dataset, busy: c?.getAttribute('aria-busy') })}`;
}

/** Frames are what the bench times, and a page the browser does not show gets none. */
function assertShown(): void {
  if (document.visibilityState !== 'visible')
    throw new Error(
      `library bench: the library page is not the one shown, so it gets no frames (${listState()})`,
    );
}

/** The next frame's paint has happened (a task after the frame). */
function painted(): Promise<void> {
  assertShown();
  return new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r)));
}

/**
 * Waits a frame at a time until `ok()`. A page that is not visible gets no frames (the browser
 * pauses them), and a condition that never comes would hang the bench: both end in an error that
 * says what was awaited and what the list showed.
 */
async function settle(ok: () => boolean, what: string): Promise<void> {
  const t0 = performance.now();
  while (!ok()) {
    if (document.visibilityState !== 'visible' || performance.now() - t0 > SETTLE_LIMIT_MS)
      throw new Error(
        `library bench: waited ${((performance.now() - t0) / 1000).toFixed(1)} s for ${what} (${listState()})`,
      );
    await new Promise((r) => {
      requestAnimationFrame(r);
      setTimeout(r, 1000);
    });
  }
}

/** Picks controls in the filter and clears it again, each time until the list shows it and paints. */
export async function timeFilters(changes: number): Promise<number[]> {
  const select = document.querySelector<HTMLSelectElement>('#filter-control')!;
  const ids = [...select.options].map((o) => o.value).filter(Boolean);
  const count = document.querySelector<HTMLElement>('.list-count')!;
  const total = count.dataset.total;
  const out: number[] = [];
  for (let i = 0; i < changes; i++) {
    const value = i % 2 ? '' : ids[(i * 37) % ids.length]!;
    await painted();
    const t0 = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(
      () => {
        const c = document.querySelector<HTMLElement>('.list-count');
        const first = document.querySelector<HTMLElement>('section.group');
        return value
          ? c?.dataset.groups === '1' &&
              first?.dataset.control === value &&
              Boolean(first.querySelector('li'))
          : c?.dataset.shown === total && Boolean(first?.querySelector('li'));
      },
      `the list filtered to ${value ? `control ${value}` : 'every control'}`,
    );
    await new Promise((r) => setTimeout(r));
    out.push(performance.now() - t0);
  }
  return out;
}

/** Types a word into the search box a key at a time; each key until its results are painted. */
export async function timeTyping(word: string): Promise<number[]> {
  const input = document.querySelector<HTMLInputElement>('#library-search')!;
  const out: number[] = [];
  for (let i = 1; i <= word.length; i++) {
    const typed = word.slice(0, i);
    await painted();
    const t0 = performance.now();
    input.value = typed;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(() => {
      const c = document.querySelector<HTMLElement>('.list-count');
      return c?.dataset.query === typed && c.getAttribute('aria-busy') !== 'true';
    }, `the results for "${typed}"`);
    await new Promise((r) => setTimeout(r));
    out.push(performance.now() - t0);
  }
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await settle(() => {
    const c = document.querySelector<HTMLElement>('.list-count');
    return c?.dataset.query === '' && c.dataset.shown === c.dataset.total;
  }, 'the whole list after the search was cleared');
  return out;
}

/** Scrolls from the top to the bottom of the page, `step` px a frame; the frames' durations. */
export async function timeScroll(step: number): Promise<ScrollFigures> {
  scrollTo(0, 0);
  await painted();
  await painted();
  const frames: number[] = [];
  let blank = 0;
  let last = performance.now();
  const start = scrollY;
  let before = Number.NaN;
  await new Promise<void>((done) => {
    const tick = (t: number) => {
      frames.push(t - last);
      last = t;
      // Is there a list under the viewport's middle without a card painted there?
      // Hit-testing forces a layout: look every eighth frame only.
      const y = innerHeight / 2;
      const hit = frames.length % 8 ? null : document.elementFromPoint(innerWidth / 3, y);
      if (
        hit?.matches('ul.cards') &&
        ![...hit.children].some((li) => {
          const r = li.getBoundingClientRect();
          return r.top <= y + 12 && r.bottom >= y - 12;
        })
      )
        blank++;
      // The end: nothing left below (clientHeight leaves out a horizontal scrollbar), or a
      // scroll that no longer moves.
      const root = document.documentElement;
      if (scrollY + root.clientHeight >= root.scrollHeight - 1 || scrollY === before) return done();
      before = scrollY;
      scrollBy(0, step);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      scrollBy(0, step);
      requestAnimationFrame(tick);
    });
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const med = sorted[sorted.length >> 1] ?? 0;
  return {
    frames: frames.length,
    medianFrame: med,
    longestFrame: sorted[sorted.length - 1] ?? 0,
    dropped: frames.filter((f) => f > 1.5 * med).length,
    distance: scrollY - start,
    blank,
  };
}
