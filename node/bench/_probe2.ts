import { join } from 'node:path';
import { findChromium } from '../automation/find-chromium';
import { launchWithExtension } from '../automation/launch';
import { callEntry, libraryPageScript, seedLibrary } from './library-bench';

const n = Number(process.argv[2] ?? 10000);
const script = await libraryPageScript();
const b = await launchWithExtension({
  executablePath: findChromium()!,
  extensionDir: join('/work/wt-library', '.output/chrome-mv3-automation'),
});
console.log('seeded', await seedLibrary(b, script, n));
await callEntry(b, script, 'setIdentity');
const page = await b.context.newPage();
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (m) => console.log('pageerror:', m.message));
await page.setViewportSize({ width: 1280, height: 800 });
await page.goto(`chrome-extension://${b.extensionId}/library.html#evidence`);
await page.waitForFunction(() => performance.getEntriesByName('library:evidence').length, undefined, {
  timeout: 120000,
});
console.log(
  'evidence mark',
  await page.evaluate(() => performance.getEntriesByName('library:evidence')[0]!.startTime),
);
await page.locator('search.library-search[data-index="ready"]').waitFor({ timeout: 600000 });
console.log(
  'index',
  await page.locator('search.library-search').evaluate((e) => ({ ...(e as HTMLElement).dataset })),
);
await page.evaluate(script);
const call = (m: string, a: unknown) =>
  page.evaluate(([m, a]) => (globalThis as any).ProofTrailLibraryBench[m as string](a), [m, a] as const);
console.log('filters', await call('timeFilters', 8));
console.log('typing', await call('timeTyping', 'retention'));
console.log('scroll', await call('timeScroll', 600));
await page.screenshot({ path: '/tmp/libprobe/shot.png' });
await b.close();
