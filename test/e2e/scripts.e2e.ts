// A Greek, Arabic and Japanese capturer name in the built extension (docs/fonts.md): the evidence
// banner draws it with the extension's Noto fonts, where this machine's own fonts have no CJK
// glyph, and the library's PDF report embeds the fonts and reads back as the name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { extractRuns, pageLines } from '../unit/report/pdf-text-extract';
import { latestRecord } from './stored';
import { withSiteAndBrowser } from './support';

const NAME = 'Ελένη فاطمة 佐藤はなこ 🔒';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

describe('captures in other scripts', () => {
  it('loads the Noto faces for the name before drawing, and they draw glyphs the system fonts lack', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/change.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity(NAME, 'eleni@example.test');
    await popup.pickControls(['A.8.15']);
    await popup.capture();
    const record = await latestRecord(b);
    expect(record.banner?.height).toBeGreaterThan(0);

    const seen = await b.worker.evaluate(
      async (name) => {
        const set = (self as unknown as { fonts: FontFaceSet }).fonts;
        const faces = [...set].map((f) => ({
          family: f.family.replace(/"/g, ''),
          status: f.status,
          range: f.unicodeRange,
        }));
        // The same text drawn with the banner's stack and with the system's monospace alone.
        const draw = (font: string) => {
          const canvas = new OffscreenCanvas(600, 40);
          const ctx = canvas.getContext('2d')!;
          ctx.font = font;
          ctx.fillText('佐藤はなこ', 4, 30);
          return Array.from(ctx.getImageData(0, 0, 600, 40).data);
        };
        const stack =
          'ui-monospace, Menlo, Consolas, monospace, "ProofTrail Noto sans", "ProofTrail Noto arabic", "ProofTrail Noto hebrew", "ProofTrail Noto jp", "ProofTrail Noto sc", "ProofTrail Noto kr"';
        const withNoto = draw(`26px ${stack}`);
        const system = draw('26px monospace');
        return {
          faces,
          ready: set.check(`13px ${stack}`, name),
          differs: withNoto.some((v, i) => v !== system[i]),
        };
      },
      NAME.replace(' 🔒', ''),
    );
    const loaded = (family: string) => seen.faces.filter((f) => f.family === family && f.status === 'loaded');
    expect(loaded('ProofTrail Noto sans').length).toBeGreaterThan(0); // Greek
    expect(loaded('ProofTrail Noto arabic').length).toBeGreaterThan(0);
    expect(loaded('ProofTrail Noto jp').length).toBeGreaterThan(0); // kana → Japanese first
    expect(seen.ready).toBe(true);
    expect(seen.differs).toBe(true);
  }, 60_000);

  it("makes the library's PDF report with the fonts fetched from the extension", async () => {
    const library = await LibraryPage.open(b);
    const pdf = await library.exportPdf({ controls: ['A.8.15'] }, b.downloadsDir);
    const lines = pageLines(await extractRuns(new Uint8Array(readFileSync(pdf)))).flat();
    const by = lines.find((l) => l.startsWith('Captured by'));
    // Greek and Japanese as typed, the Arabic word (one word: no reordering of words to undo), the emoji's placeholder.
    expect(by?.replace(/\u200D/g, '')).toBe(
      'Captured by Ελένη فاطمة 佐藤はなこ [U+1F512] <eleni@example.test>',
    );
  }, 60_000);
});
