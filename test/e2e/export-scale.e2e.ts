import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { makeTeamBundle } from '../../node/fixtures/team-bundle';
import { launch, runCli, tempDir } from './support';

const TEAMMATES = 4;
const PER_TEAMMATE = 250;
/** Noise images of about 166 kB: 1,000 of them make a bundle larger than the heap budget. */
const IMAGE = { width: 256, height: 216 };
const HEAP_BUDGET = 150 * 2 ** 20;

let b: LaunchedBrowser;
let library: LibraryPage;
const bundles: string[] = [];

const keys: string[] = [];

beforeAll(async () => {
  const dir = tempDir('scale');
  const controls = [
    { id: 'A.5.18', title: 'Access rights', framework: 'ISO/IEC 27001:2022' },
    { id: 'A.8.2', title: 'Privileged access rights', framework: 'ISO/IEC 27001:2022' },
    { id: 'CC6.1', title: 'Logical access', framework: 'SOC 2 (TSC 2017)' },
  ];
  for (let t = 0; t < TEAMMATES; t++) {
    const out = await makeTeamBundle({
      capturer: { name: `Owner ${t}`, email: `owner${t}@example.test` },
      captures: Array.from({ length: PER_TEAMMATE }, (_, i) => ({
        controls: [controls[(t + i) % controls.length]!],
        pageTitle: `Review ${t}-${i}`,
        pageUrl: `https://console.example/${t}/${i}`,
        note: '',
        capturedAt: new Date(Date.UTC(2026, 0, 1) + (t * PER_TEAMMATE + i) * 3_600_000).toISOString(),
      })),
      image: IMAGE,
      seed: t + 1,
    });
    const path = join(dir, `owner${t}.zip`);
    writeFileSync(path, out.bytes);
    bundles.push(path);
    keys.push(out.fingerprint);
  }
  b = await launch();
  await setIdentityIfMissing(b, { name: 'Carol Compliance', email: 'carol@example.test' });
  library = await LibraryPage.open(b);
  for (const path of bundles) {
    const r = await library.importBundle(path, keys);
    expect(r.text).toMatch(/^Imported 250 captures/);
  }
}, 900_000);

afterAll(async () => {
  await b?.close();
});

describe('an export of 1,000 captures', () => {
  it('streams to disk with the JS heap bounded, and the CLI verifies the bundle', async () => {
    const cdp = await b.context.newCDPSession(library.page);
    await cdp.send('HeapProfiler.collectGarbage');
    let peak = 0;
    const sample = async () => {
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      peak = Math.max(peak, usedSize);
    };
    await sample();
    const timer = setInterval(() => void sample().catch(() => undefined), 50);
    let written: { name: string; size: number };
    try {
      written = await library.exportToPickedFile({});
    } finally {
      clearInterval(timer);
    }
    await sample();
    console.log(
      `1,000 captures: bundle ${(written.size / 2 ** 20).toFixed(1)} MiB, peak JS heap ${(peak / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(written.size).toBeGreaterThan(HEAP_BUDGET);
    expect(peak).toBeLessThan(HEAP_BUDGET);
    await expect(library.page.locator('.export-panel [role="status"]').textContent()).resolves.toMatch(
      /^Exported 1000 captures/,
    );

    const bytes = await library.readPickedFile(written.name);
    const path = join(tempDir('scale-out'), written.name);
    writeFileSync(path, bytes);
    const v = await runCli(['verify', path]);
    expect(v.stdout).toMatch(/^OK .*1000 captures match the manifest.*4 imported ledgers intact/);
    expect(v.status).toBe(0);
  }, 900_000);
});
