import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPORT_FAVICON_DATA_URL } from '../../../lib/report/favicon';
import { REPORT_CSP, renderIndexHtml } from '../../../lib/report/html-report';
import type { ReportModel } from '../../../lib/report/model';

const root = join(__dirname, '..', '..', '..');
const icon = (size: number) => readFileSync(join(root, 'assets', 'public', 'icon', `${size}.png`));

/** A PNG's width and height from its IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

const model: ReportModel = {
  bundleName: 'b.zip',
  exportedAt: '2026-12-01T00:00:00.000Z',
  extensionVersion: '0.6.0',
  scopeLabel: 'All evidence',
  period: { from: '2026-10-01', to: '2026-12-31' },
  signers: [],
  controls: [],
  deletions: [],
};

/**
 * The alpha of the top-left pixel. Whatever its filter type, the first pixel of the first row is
 * stored as is (every predictor is 0 there), so it reads straight from the inflated data.
 */
function topLeftAlpha(png: Buffer): number {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(idat))[4] ?? -1;
}

describe('the icon set (npm run icons)', () => {
  it.each([16, 32, 48, 128])('%i px is a square PNG of that size with transparent corners', (size) => {
    const png = icon(size);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(pngSize(png)).toEqual([size, size]);
    // Colour type 6: RGBA, so the shape sits on any toolbar colour.
    expect(png[25]).toBe(6);
    expect(topLeftAlpha(png)).toBe(0);
  });

  it("the bundle report's favicon is the committed 32 px icon, inline", () => {
    expect(REPORT_FAVICON_DATA_URL).toBe(`data:image/png;base64,${icon(32).toString('base64')}`);
  });

  it("index.html links it in <head> under the page's unchanged policy, which allows data: images", () => {
    const html = renderIndexHtml(model);
    const head = html.slice(0, html.indexOf('</head>'));
    expect(
      head.indexOf(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`),
    ).toBeGreaterThan(0);
    expect(head).toContain(`<link rel="icon" type="image/png" href="${REPORT_FAVICON_DATA_URL}">`);
    expect(REPORT_CSP).toBe(
      "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    );
  });
});
