import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureMetadataV2 } from '../../lib/formats/capture-metadata';
import type { BundleManifest } from '../../lib/formats/manifest';
import { LibraryPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { RecipesPage } from '../../node/automation/recipes-page';
import type { StaticServer } from '../../node/demo/static-server';
import { inExtension } from './stored';
import { expectExit, launch, runCli, startFixtureSite, tempDir } from './support';

// A recipe run in real Chromium against local pages: a console that shows #users-table (after
// the load, and lying in its own world about its DOM and HTTP status), and a sign-in page where it
// never appears. Step 2 must fail, store nothing and say so; step 1 must be stored as a manual
// capture is (record, signed ledger entry), from the library's Run now and from the CLI.

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

const recipe = (origin: string, name = 'Access review pages') => ({
  schema: 'prooftrail.recipe/1',
  name,
  steps: [
    {
      url: `${origin}/recipe-console.html`,
      controlIds: ['A.5.18', 'CC6.3'],
      waitFor: '#users-table',
      redact: ['#users-table td:first-child'],
      note: 'Quarterly access review, every user',
    },
    {
      url: `${origin}/recipe-login.html`,
      controlIds: ['A.5.18'],
      waitFor: '#users-table',
      waitSeconds: 2,
    },
  ],
});

/** Every row of a store of the extension's database. */
function rows<T>(b: LaunchedBrowser, store: string): Promise<T[]> {
  return inExtension(
    b,
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result as T[]);
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

describe('Run now in the library', () => {
  let b: LaunchedBrowser;
  beforeAll(async () => {
    b = await launch();
    await setIdentityIfMissing(b, { name: 'Dana Reyes', email: 'dana@example.test' });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('refuses a recipe with problems, naming each by its JSON path, and saves nothing', async () => {
    const lib = await LibraryPage.open(b, 'recipes');
    const recipes = new RecipesPage(lib.page);
    const bad = recipe(site.origin);
    const text = JSON.stringify({
      ...bad,
      steps: [{ ...bad.steps[0], mode: 'element' }, { url: 'ftp://x' }],
    });
    await recipes.editor.getByLabel(/^Recipe \(JSON/).fill(text);
    await recipes.editor.getByRole('button', { name: 'Save recipe' }).click();
    const problems = recipes.editor.getByRole('alert', { name: 'Problems in the recipe' });
    await problems.waitFor();
    expect(await problems.locator('li').allTextContents()).toEqual([
      'steps[0].selector (step 1): element mode needs a selector',
      'steps[1].url (step 2): expected an http or https address',
      'steps[1].controlIds (step 2): required',
    ]);
    expect(await rows(b, 'recipes')).toEqual([]);
    await lib.page.close();
  });

  it('runs a saved recipe: step 1 is stored, step 2 (a sign-in page) stores nothing and says why', async () => {
    const lib = await LibraryPage.open(b, 'recipes');
    const recipes = new RecipesPage(lib.page);
    await recipes.editor.getByLabel(/^Recipe \(JSON/).fill(JSON.stringify(recipe(site.origin)));
    await recipes.editor.getByRole('button', { name: 'Save recipe' }).click();
    await recipes.editor.getByText('Saved the recipe “Access review pages”.').waitFor();
    const list = lib.page.getByRole('table', { name: 'Saved recipes' });
    await expect(list.locator('tbody tr').innerText()).resolves.toMatch(
      /Access review pages\s+2\s+A\.5\.18, CC6\.3/,
    );

    const run = await recipes.runSaved('Access review pages', 120_000);
    expect(run.state, run.summary).toBe('done');
    expect(run.summary).toBe('“Access review pages”: 1 of 2 steps captured; 1 failed.');
    const [first, second] = run.steps;
    expect(first).toMatchObject({ step: 1, ok: true, pageUrl: `${site.origin}/recipe-console.html` });
    expect(second).toMatchObject({
      step: 2,
      ok: false,
      text: `Step 2 failed: "#users-table" did not appear within 2 s on ${site.origin}/recipe-login.html (a login page instead of the console? sign in in this browser profile and run again); nothing was stored for this step`,
    });

    const captures = await rows<CaptureMetadataV2>(b, 'captures');
    expect(captures).toHaveLength(1);
    const [stored] = captures;
    expect(stored).toMatchObject({
      id: first!.ok ? first!.captureId : '',
      pageUrl: `${site.origin}/recipe-console.html`,
      pageTitle: 'Admin console · Users',
      controlIds: ['A.5.18', 'CC6.3'],
      note: 'Quarterly access review, every user',
      captureMode: 'visible',
      capturer: { name: 'Dana Reyes', email: 'dana@example.test' },
    });
    // The step's own black-out rule was applied (two user cells), as in a manual capture.
    expect(stored!.redactions.filter((r) => r.rule === 'selector')).toHaveLength(2);
    const ledger = await rows<{ entry: { seq: number } }>(b, 'ledger');
    expect(ledger).toHaveLength(1);
    // Every step's window was closed: only the library (and about:blank) remain.
    const open = b.context.pages().map((p) => p.url());
    expect(open.filter((u) => u.startsWith(site.origin))).toEqual([]);

    // The library shows the new capture; its detail saves a one-step recipe of the same page.
    await lib.showView('All evidence');
    const group = lib.page.locator('section.group[data-control="A.5.18"]');
    await group.getByRole('button', { name: /^Admin console · Users/ }).click();
    const dialog = lib.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Save as recipe' }).click();
    await dialog.getByText('Saved as the recipe “Admin console · Users (A.5.18, CC6.3)”').waitFor();
    await expect(dialog.locator('.recipe-saved').innerText()).resolves.toMatch(/Add a "waitFor" selector/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await lib.showView('Recipes');
    await list.getByRole('rowheader', { name: 'Admin console · Users (A.5.18, CC6.3)' }).waitFor();
    const saved = await rows<{ name: string; steps: unknown[] }>(b, 'recipes');
    expect(saved.find((r) => r.name.startsWith('Admin console'))?.steps).toEqual([
      {
        url: `${site.origin}/recipe-console.html`,
        controlIds: ['A.5.18', 'CC6.3'],
        mode: 'visible',
        redact: [],
        note: 'Quarterly access review, every user',
      },
    ]);
    await lib.page.close();
  });

  it('exports a saved recipe as a file, loads it back, and refuses a bad file with its problems', async () => {
    const lib = await LibraryPage.open(b, 'recipes');
    const recipes = new RecipesPage(lib.page);
    await lib.page.getByRole('button', { name: 'Export Access review pages' }).click();
    const status = recipes.editor.locator('.recipe-status');
    await status.filter({ hasText: /^Exported/ }).waitFor();
    const file = join(b.downloadsDir, 'Access-review-pages.recipe.json');
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toEqual({
      schema: 'prooftrail.recipe/1',
      name: 'Access review pages',
      steps: [
        { ...recipe(site.origin).steps[0], mode: 'visible' },
        { ...recipe(site.origin).steps[1], mode: 'visible', redact: [], note: '' },
      ],
    });
    const loaded = await recipes.loadFile(file);
    expect(loaded).toEqual({
      ok: true,
      status:
        'Loaded Access-review-pages.recipe.json: “Access review pages”, 2 steps. Save recipe keeps it; Run now runs it.',
      problems: [],
    });

    const bad = join(tempDir('recipe-file'), 'bad.recipe.json');
    writeFileSync(bad, JSON.stringify({ ...exported, steps: [{ ...exported.steps[0], waitFor: 42 }] }));
    expect(await recipes.loadFile(bad)).toEqual({
      ok: false,
      status: 'bad.recipe.json is not a valid recipe; nothing was saved or run.',
      problems: ['steps[0].waitFor (step 1): Invalid input: expected string, received number'],
    });

    // Deleting a recipe asks first, and keeps the captures it made.
    const captures = (await rows(b, 'captures')).length;
    await lib.page.getByRole('button', { name: 'Delete Access review pages' }).click();
    await lib.page
      .getByRole('group', { name: 'Confirm deleting Access review pages' })
      .getByRole('button', { name: 'Delete recipe' })
      .click();
    await status.filter({ hasText: 'Deleted the recipe “Access review pages”.' }).waitFor();
    expect((await rows<{ name: string }>(b, 'recipes')).map((r) => r.name)).toEqual([
      'Admin console · Users (A.5.18, CC6.3)',
    ]);
    expect(await rows(b, 'captures')).toHaveLength(captures);
    await lib.page.close();
  });

  it("links a step's capture to the auditor request and sample it names", async () => {
    await inExtension(
      b,
      (row) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('prooftrail');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('requests', 'readwrite');
            tx.objectStore('requests').put(row);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
      {
        id: 'PBC-12',
        controlIds: ['A.5.18'],
        description: 'User access review, Q4',
        samples: [{ id: 'USR-7' }],
        status: 'open',
        importedAt: '2026-11-01T09:00:00.000Z',
        source: { file: 'pbc.csv', line: 2 },
      },
    );
    const lib = await LibraryPage.open(b, 'recipes');
    const recipes = new RecipesPage(lib.page);
    await recipes.editor.getByRole('button', { name: 'New recipe' }).click();
    const step = { ...recipe(site.origin).steps[0], request: 'PBC-12', sample: 'USR-7' };
    await recipes.editor
      .getByLabel(/^Recipe \(JSON/)
      .fill(JSON.stringify({ schema: 'prooftrail.recipe/1', name: 'PBC-12', steps: [step] }));
    const run = await recipes.runEditor(120_000);
    const [only] = run.steps;
    expect(only?.ok, run.summary).toBe(true);
    const links = await rows<{ captureId: string; requestId: string; sampleId?: string }>(b, 'requestLinks');
    expect(links).toEqual([
      {
        captureId: only?.ok ? only.captureId : '',
        requestId: 'PBC-12',
        sampleId: 'USR-7',
        population: false,
        linkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    await lib.page.close();
  });

  it('shows each step done while the run goes on', async () => {
    // Step 2's page is held unanswered until the test has seen step 1 listed as done.
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const held = createServer((_, res) => {
      void released.then(() =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<title>Held</title><p id="users-table">ok</p>'),
      );
    });
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
    const heldUrl = `http://127.0.0.1:${(held.address() as AddressInfo).port}/held`;
    try {
      const lib = await LibraryPage.open(b, 'recipes');
      const recipes = new RecipesPage(lib.page);
      await recipes.editor.getByRole('button', { name: 'New recipe' }).click();
      const steps = [
        recipe(site.origin).steps[0],
        { url: heldUrl, controlIds: ['A.5.18'], waitFor: '#users-table' },
      ];
      await recipes.editor
        .getByLabel(/^Recipe \(JSON/)
        .fill(JSON.stringify({ schema: 'prooftrail.recipe/1', name: 'Two pages', steps }));
      const done = recipes.runEditor(120_000);
      const running = lib.page.locator('.run-outcome[data-state="running"]');
      await running.locator('li[data-step="1"][data-ok="true"]').waitFor({ timeout: 60_000 });
      await expect(running.getByRole('status').innerText()).resolves.toMatch(
        /^Running “Two pages”: 1 of 2 steps done/,
      );
      await expect(lib.page.getByRole('button', { name: 'Run now', exact: true }).isDisabled()).resolves.toBe(
        true,
      );
      release();
      const run = await done;
      expect(run.summary).toBe('“Two pages”: 2 of 2 steps captured.');
      await lib.page.close();
    } finally {
      release();
      held.closeAllConnections();
      await new Promise((r) => held.close(r));
    }
  });

  it('says why each kind of step failed, stores none of them, and runs the steps after them', async () => {
    const before = (await rows(b, 'captures')).length;
    const lib = await LibraryPage.open(b, 'recipes');
    const recipes = new RecipesPage(lib.page);
    const console = recipe(site.origin).steps[0]!;
    const failing = {
      schema: 'prooftrail.recipe/1',
      name: 'Failures',
      steps: [
        { url: `${site.origin}/no-such-page.html`, controlIds: ['A.5.18'] },
        { url: 'http://127.0.0.1:9/console', controlIds: ['A.5.18'] },
        { url: console.url, controlIds: ['A.5.18'], mode: 'element', selector: '#no-such-element' },
        { url: console.url, controlIds: ['A.5.18'], request: 'PBC-404' },
        { url: console.url, controlIds: ['NO.SUCH.CONTROL'], waitFor: '#users-table' },
        {
          url: console.url,
          controlIds: ['A.5.18'],
          mode: 'element',
          selector: '#users-table',
          waitFor: '#users-table',
        },
      ],
    };
    await recipes.editor.getByRole('button', { name: 'New recipe' }).click();
    await recipes.editor.getByLabel(/^Recipe \(JSON/).fill(JSON.stringify(failing));
    const run = await recipes.runEditor(180_000);
    expect(run.summary).toBe('“Failures”: 1 of 6 steps captured; 5 failed.');
    const reasons = run.steps.map((s) => (s.ok ? `ok ${s.pageUrl}` : s.reason));
    expect(reasons[0]).toBe(
      `${site.origin}/no-such-page.html answered HTTP 404; nothing was stored for this step`,
    );
    expect(reasons[1]).toMatch(
      /^the browser could not open http:\/\/127\.0\.0\.1:9\/console \(a network error/,
    );
    expect(reasons[2]).toMatch(
      /^the capture failed: .*#no-such-element.*; nothing was stored for this step$/,
    );
    expect(reasons[3]).toBe(
      'the auditor request "PBC-404" is not in the library (import the request list first); nothing was stored for this step',
    );
    expect(reasons[4]).toMatch(
      /^the capture failed: .*NO\.SUCH\.CONTROL.*; nothing was stored for this step$/,
    );
    expect(reasons[5]).toBe(`ok ${console.url}`);
    const after = await rows<CaptureMetadataV2>(b, 'captures');
    expect(after).toHaveLength(before + 1);
    const element = after.find((c) => run.steps[5]?.ok && c.id === run.steps[5].captureId);
    expect(element).toMatchObject({ captureMode: 'element', target: { selector: '#users-table' } });
    // The editor's recipe ran without being saved.
    expect((await rows<{ name: string }>(b, 'recipes')).map((r) => r.name)).not.toContain('Failures');
    await lib.page.close();
  });
});

describe('npx prooftrail capture --recipe FILE --profile DIR', () => {
  const dir = tempDir('recipe-cli');
  const profile = join(dir, 'profile');
  const capturer = ['--capturer', 'Dana Reyes <dana@example.test>'];

  it('refuses a bad recipe file before anything runs, every problem named by its JSON path', async () => {
    const file = join(dir, 'bad.json');
    const bad = recipe(site.origin);
    writeFileSync(
      file,
      JSON.stringify({ ...bad, owner: 'dana', steps: [bad.steps[0], { ...bad.steps[1], waitSeconds: 0 }] }),
    );
    const r = await runCli(['capture', '--recipe', file, '--profile', profile, ...capturer]);
    expectExit(r, 2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `prooftrail capture: ${file} is not a valid recipe, so nothing was run:`,
      `  ${file}: steps[1].waitSeconds (step 2): expected 1 to 300 seconds`,
      `  ${file}: owner: unknown field`,
    ]);
    expect(existsSync(profile)).toBe(false);
  });

  it('runs every step in one headless session, one line per step, exit 1 when a step failed', async () => {
    const file = join(dir, 'access.json');
    writeFileSync(file, JSON.stringify(recipe(site.origin)));
    const r = await runCli(['capture', '--recipe', file, '--profile', profile, ...capturer]);
    expectExit(r, 1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^step 1 ok [0-9a-f-]{36} ${site.origin.replace(/[.]/g, '\\.')}/recipe-console\\.html$`),
    );
    expect(lines[1]).toBe(
      `FAILED step 2: "#users-table" did not appear within 2 s on ${site.origin}/recipe-login.html (a login page instead of the console? sign in in this browser profile and run again); nothing was stored for this step`,
    );
    expect(r.stderr).toContain('1 of 2 steps captured; 1 failed.');
    expect(r.stderr).not.toMatch(/\n\s+at /);

    // Once signed in (here: a recipe whose one step is the console), the run exits 0. The profile
    // now needs no --capturer: its identity is kept.
    const good = join(dir, 'console.json');
    writeFileSync(
      good,
      JSON.stringify({ ...recipe(site.origin, 'Console only'), steps: [recipe(site.origin).steps[0]] }),
    );
    const ok = await runCli(['capture', '--recipe', good, '--profile', profile]);
    expectExit(ok, 0);
    expect(ok.stdout).toMatch(/^step 1 ok [0-9a-f-]{36} \S+recipe-console\.html\n$/);

    // What the profile holds: the two console captures, nothing of the sign-in page, verifiable.
    const out = join(dir, 'evidence.zip');
    expectExit(await runCli(['export', '--profile', profile, '--out', out]), 0);
    const files = unzipSync(readFileSync(out));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
    expect(manifest.captureCount).toBe(2);
    const records = Object.entries(files)
      .filter(([p]) => p.startsWith('controls/A.5.18/') && p.endsWith('.json'))
      .map(([, bytes]) => JSON.parse(new TextDecoder().decode(bytes)) as CaptureMetadataV2);
    expect(records.map((c) => c.pageUrl)).toEqual([
      `${site.origin}/recipe-console.html`,
      `${site.origin}/recipe-console.html`,
    ]);
    expect(records.map((c) => r.stdout.includes(c.id) || ok.stdout.includes(c.id))).toEqual([true, true]);
    const v = await runCli(['verify', out]);
    expectExit(v, 0);
    expect(v.stdout).toMatch(/^OK .*2 captures/);
  });

  it('runs nothing on a profile without a capturer identity, and says how to give one', async () => {
    const bare = join(dir, 'bare-profile');
    await (await launch(bare)).close();
    const file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify({ ...recipe(site.origin), steps: [recipe(site.origin).steps[0]] }));
    const r = await runCli(['capture', '--recipe', file, '--profile', bare]);
    expectExit(r, 1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      'prooftrail capture: “Access review pages” did not run: Set your name and email (Settings) before running a recipe; nothing was captured. (or pass --capturer "NAME <EMAIL>")',
    );
  });

  it.each([
    [['capture', '--recipe', 'r.json'], '--recipe needs --profile DIR'],
    [['capture', '--recipe', 'missing.json', '--profile', 'p'], '--recipe "missing.json" does not exist'],
    [
      ['capture', '--recipe', 'r.json', '--profile', 'p', '--url', 'https://x.example'],
      "Unknown option '--url'",
    ],
  ])('rejects %j with a clear message', async (args, message) => {
    const r = await runCli(args);
    expectExit(r, 2);
    expect(r.stderr).toContain(message);
  });
});
