import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTab, PopupPage, SettingsPage, type TrackedTab } from '../automation/extension-pages';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { setViewportSize } from '../automation/viewport';
import { serveStatic } from '../demo/static-server';
import { ms as fmtMs, median, progressOf, sleep } from './stats';

/** Rows in the generated table page. */
export const ROWS = 2000;
/** The one viewport the redaction bench runs at (kept to one size so the run stays short). */
export const SIZE = { width: 1280, height: 800 } as const;
/** Full-page pairs (one capture without rules, one with), interleaved; medians are reported. */
export const FULL_PAGE_PAIRS = 3;
/** Goal from the issue: a capture with three rules takes at most 1.2× the same capture without. */
export const RATIO_GOAL = 1.2;
/** The three rules: a CSS selector, and two text patterns (the token one typed, the email one from the "Add email addresses" button). */
export const RULE_SELECTOR = 'td.account-id';
export const RULE_TOKEN_PATTERN = 'sk_live_\\w+';
/** Spacing between captures so the browser's two-a-second limit never enters the figures. */
const SPACING_MS = 700;

const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemi', 'Lars'];
const LAST = [
  'Costa',
  'Okafor',
  'Wei',
  'Novak',
  'Berg',
  'Haddad',
  'Ilic',
  'Sato',
  'Petrov',
  'Mori',
  'Adeyemi',
];
const ROLES = ['Owner', 'Admin', 'Billing', 'Developer', 'Read-only'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const ms = (x: number) => fmtMs(x, 8);
const progress = progressOf('redaction');

/** A deterministic API-key-like token for row `i` (same page on every run). */
function token(i: number): string {
  let x = (i + 1) * 0x9e3779b1;
  let out = 'sk_live_';
  for (let k = 0; k < 24; k++) {
    // xorshift32: exact in 32-bit integer arithmetic.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += ALPHABET[(x >>> 0) % ALPHABET.length];
  }
  return out;
}

/** The bench page: an admin console's key table of `rows` rows (name, email, account id, API key, role). */
export function keyTablePage(rows = ROWS): string {
  const body: string[] = [];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const email = `${first}.${last}${i}@customer.example`.toLowerCase();
    const account = `ACC-${String(100000 + i * 37).padStart(6, '0')}`;
    body.push(
      `<tr><td>${i + 1}</td><td>${first} ${last}</td><td>${email}</td><td class="account-id">${account}</td><td class="mono">${token(i)}</td><td>${ROLES[i % ROLES.length]}</td></tr>`,
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench: API keys (${rows} rows)</title>
<style>
  body { margin: 0; font: 14px sans-serif; }
  header { position: sticky; top: 0; height: 48px; background: #14213d; color: #fff; display: flex; align-items: center; padding: 0 20px; z-index: 2; }
  table { border-collapse: collapse; width: 100%; }
  td, th { padding: 4px 10px; border-bottom: 1px solid #dde; text-align: left; white-space: nowrap; }
  tr:nth-child(even) td { background: #f4f6fa; }
  .mono { font-family: monospace; }
</style></head>
<body><header>Workspace API keys — ${rows} keys</header>
<table><thead><tr><th>#</th><th>Name</th><th>Email</th><th>Account</th><th>API key</th><th>Role</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody></table></body></html>
`;
}

/** Sets the three rules in the options page, as a person would, or clears both fields. */
async function setRules(b: LaunchedBrowser, on: boolean): Promise<void> {
  const settings = await SettingsPage.open(b);
  try {
    await settings.saveRedactionRules(
      on ? { selectors: RULE_SELECTOR, patterns: RULE_TOKEN_PATTERN, emails: true } : {},
    );
  } finally {
    await settings.page.close();
  }
}

/** What the newest capture record says about itself (read from the extension's database). */
interface RecordFacts {
  frames: number;
  masks: number;
  maskRules: string[];
  snapshot: string;
  notices: string[];
}

async function newestRecord(b: LaunchedBrowser): Promise<RecordFacts> {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    return await page.evaluate(
      () =>
        new Promise<RecordFacts>((resolve, reject) => {
          const open = indexedDB.open('prooftrail');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('captures').objectStore('captures').getAll();
            req.onsuccess = () => {
              const r = req.result.sort((a, c) => c.capturedAt.localeCompare(a.capturedAt))[0];
              const redactions: { rule: string }[] = r?.redactions ?? [];
              resolve({
                frames: r?.frames ?? 0,
                masks: redactions.length,
                maskRules: [...new Set(redactions.map((x) => x.rule))].sort(),
                snapshot: r?.pageSnapshot
                  ? `kept (${r.pageSnapshot.format}, ${r.pageSnapshot.byteLength} bytes)`
                  : `not kept (${r?.pageSnapshotOmitted ?? 'no reason recorded'})`,
                notices: r?.notices ?? [],
              });
            };
            req.onerror = () => reject(req.error);
          };
        }),
    );
  } finally {
    await page.close();
  }
}

/** Timings and the last record's facts, per side. */
interface Side {
  times: number[];
  facts?: RecordFacts;
}

/**
 * Pairs of captures in the current popup mode, one without rules and one with, in ABBA order (the
 * side that goes first alternates, so drift over the run falls on both sides alike). The rules are
 * switched in the options page between captures, outside the timed part. Pairs before `warmUp`
 * are run but not counted.
 */
async function pairs(
  b: LaunchedBrowser,
  popup: PopupPage,
  count: number,
  warmUp: number,
  what: string,
): Promise<{ without: Side; withRules: Side }> {
  const without: Side = { times: [] };
  const withRules: Side = { times: [] };
  let rulesOn: boolean | undefined;
  for (let i = 0; i < warmUp + count; i++) {
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const on of order) {
      if (rulesOn !== on) {
        await setRules(b, on);
        rulesOn = on;
      }
      await sleep(SPACING_MS);
      const t = (await popup.capture()).ms;
      const side = on ? withRules : without;
      if (i >= warmUp) side.times.push(t);
      side.facts = await newestRecord(b);
      progress(
        `${what} pair ${i + 1}/${warmUp + count}${i < warmUp ? ' (warm-up)' : ''}: rules ${on ? 'on ' : 'off'} ${t.toFixed(0)} ms`,
      );
    }
  }
  return { without, withRules };
}

function describe(label: string, r: { without: Side; withRules: Side }): string[] {
  const a = median(r.without.times);
  const c = median(r.withRules.times);
  const facts = (f?: RecordFacts) =>
    f
      ? `${f.frames} frame${f.frames === 1 ? '' : 's'}, ${f.masks} masks${f.masks ? ` (${f.maskRules.join(', ')})` : ''}, snapshot ${f.snapshot}`
      : 'no record';
  const notices = [...new Set([...(r.without.facts?.notices ?? []), ...(r.withRules.facts?.notices ?? [])])];
  return [
    `${label}: without rules ${ms(a)}  with 3 rules ${ms(c)}  ratio ${(c / a).toFixed(2)} (goal ≤ ${RATIO_GOAL}; n=${r.without.times.length} each)`,
    `  without rules, last record: ${facts(r.without.facts)}`,
    `  with rules, last record:    ${facts(r.withRules.facts)}`,
    ...notices.map((n) => `  notice: ${n}`),
  ];
}

/**
 * Visible-area and full-page captures through the popup of a generated ROWS-row key table (names,
 * emails, account ids, sk_live_ tokens), with no redaction rules against three rules set in the
 * options page (selector td.account-id, the email pattern, sk_live_\w+), interleaved in one browser,
 * medians of the popup's press-to-committed time. Returns the lines to print.
 */
export async function runRedactionBench(o: {
  executablePath: string;
  extensionDir: string;
  visiblePairs: number;
  fullPagePairs?: number;
}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'prooftrail-redaction-bench-'));
  writeFileSync(join(dir, 'key-table.html'), keyTablePage());
  const site = await serveStatic(dir);
  const lines: string[] = [];
  try {
    const b = await launchWithExtension({
      executablePath: o.executablePath,
      extensionDir: o.extensionDir,
      windowSize: SIZE,
    });
    try {
      const tab: TrackedTab = await openTab(b);
      await setViewportSize(tab.page, SIZE.width, SIZE.height);
      await tab.page.goto(`${site.origin}/key-table.html`);
      const rows = await tab.page.locator('tbody tr').count();
      const height = await tab.page.evaluate(() => document.documentElement.scrollHeight);
      lines.push(`page: ${rows} rows, ${height} CSS px tall, viewport ${SIZE.width}x${SIZE.height}`);
      const popup = await PopupPage.open(b, tab);
      await popup.ensureIdentity('Bench Runner', 'bench@prooftrail.example');
      await popup.pickControls(['A.8.15']);

      // A failed capture is reported as such (the other mode still runs), never turned into a figure.
      for (const [mode, label, count, warmUp] of [
        ['visible', 'visible area', o.visiblePairs, 1],
        ['full-page', 'full page   ', o.fullPagePairs ?? FULL_PAGE_PAIRS, 0],
      ] as const) {
        try {
          await popup.setMode(mode);
          lines.push(...describe(label, await pairs(b, popup, count, warmUp, label.trim())));
        } catch (e) {
          lines.push(`${label}: FAILED, no figure: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    } finally {
      await b.close();
    }
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
