// The evidence banner drawn into a capture shows a Greek, Arabic and Japanese capturer name with
// the extension's Noto fonts (docs/fonts.md), where this machine's own fonts have no CJK glyph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { latestRecord } from './stored';
import { launch, startFixtureSite } from './support';

const NAME = 'Ελένη فاطمة 佐藤はなこ 🔒';

let site: StaticServer;
let b: LaunchedBrowser;
beforeAll(async () => {
  site = await startFixtureSite();
  b = await launch();
});
afterAll(async () => {
  await b?.close();
  await site?.close();
});

describe('the evidence banner in other scripts', () => {
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
});
