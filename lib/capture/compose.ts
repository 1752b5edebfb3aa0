import { toHex } from '../integrity/sha256';
import { prepareBannerText } from './banner-fonts';
import { dataUrlToBytes } from './png';
import { wrapLines } from './wrap-text';

/** A piece of one captured frame drawn onto the output: source and destination in device pixels. */
export interface Piece {
  dataUrl: string;
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  dx: number;
  dy: number;
  /** The frame's pixels, when their decoding was started early (early-decode.ts). */
  decoded?: Promise<ImageBitmap>;
}

/** How to build the stored image from captured frames. */
export interface ComposeSpec {
  width: number;
  height: number;
  /** Drawn in order: later pieces cover earlier ones where they overlap. */
  pieces: Piece[];
  /** Solid black boxes burned into the pixels, in output device pixels. */
  masks: { x: number; y: number; width: number; height: number }[];
  /** Text lines for the evidence strip added below the image, if any. */
  banner?: string[];
  /** Device pixels per CSS pixel, to size the banner's text. */
  scale: number;
  /** Fills the image before the pieces are drawn, where they leave gaps (beside a stitched pane). */
  background?: string;
}

/** The composed PNG; with a banner, the SHA-256 of the RGBA pixels above it (what the banner vouches for). */
export interface Composed {
  png: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  bannerHeight: number;
  contentPixelsSha256?: string;
}

/** Decodes one captured frame (a PNG data URL) into pixels to draw. */
export function decodeFrame(dataUrl: string): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([dataUrlToBytes(dataUrl)], { type: 'image/png' }));
}

/** Largest canvas side Chromium accepts. */
export const MAX_CANVAS_SIDE = 32_767;

/**
 * Draws, masks and labels on an OffscreenCanvas (available in the service worker) and encodes PNG.
 * `mark` names the steps as they end, for the bench's timings.
 */
export async function compose(
  spec: ComposeSpec,
  bannerText?: (hash: string) => string[],
  mark?: (step: string) => void,
): Promise<Composed> {
  const lineHeight = Math.round(17 * spec.scale);
  const banner = spec.banner ? await prepareBannerText(spec.banner) : undefined;
  const font = `${Math.round(13 * spec.scale)}px ${banner?.families ?? 'monospace'}`;
  const pad = Math.round(10 * spec.scale);
  // The hash line is known only after the pixels are final; reserve it with a placeholder of the same length.
  const placeholder = bannerText?.('0'.repeat(64)) ?? [];
  const measureCtx = new OffscreenCanvas(1, 1).getContext('2d');
  if (measureCtx) measureCtx.font = font;
  const measure = (t: string) => measureCtx?.measureText(t).width ?? t.length * 8 * spec.scale;
  const wrapWidth = Math.max(40, spec.width - 2 * pad);
  const bannerLines = banner ? wrapLines([...banner.lines, ...placeholder], wrapWidth, measure).length : 0;
  const bannerHeight = bannerLines ? Math.round(bannerLines * lineHeight + 16 * spec.scale) : 0;
  const canvas = new OffscreenCanvas(spec.width, spec.height + bannerHeight);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas available to compose the image');
  if (spec.background) {
    ctx.fillStyle = spec.background;
    ctx.fillRect(0, 0, spec.width, spec.height);
  }
  const drawn = new Set<ImageBitmap>();
  for (const p of spec.pieces) {
    const bitmap = await (p.decoded ?? decodeFrame(p.dataUrl));
    ctx.drawImage(bitmap, p.sx, p.sy, p.sw, p.sh, p.dx, p.dy, p.sw, p.sh);
    // A bitmap decoded early may serve more than one piece: closed once all are drawn.
    if (p.decoded) drawn.add(bitmap);
    else bitmap.close();
  }
  for (const bitmap of drawn) bitmap.close();
  mark?.('compose: decode + draw');
  ctx.fillStyle = '#000';
  for (const m of spec.masks)
    ctx.fillRect(Math.floor(m.x), Math.floor(m.y), Math.ceil(m.width) + 1, Math.ceil(m.height) + 1);
  let contentPixelsSha256: string | undefined;
  if (banner) {
    const pixels = ctx.getImageData(0, 0, spec.width, spec.height).data;
    contentPixelsSha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', pixels)));
    const lines = wrapLines(
      [...banner.lines, ...(bannerText?.(contentPixelsSha256) ?? [])],
      wrapWidth,
      measure,
    );
    ctx.fillStyle = '#10233f';
    ctx.fillRect(0, spec.height, spec.width, bannerHeight);
    ctx.fillStyle = '#ffffff';
    ctx.font = font;
    ctx.textBaseline = 'top';
    lines.forEach((line, i) => {
      ctx.fillText(line, pad, spec.height + Math.round(8 * spec.scale) + i * lineHeight);
    });
  }
  mark?.('compose: pixel hash + banner');
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  mark?.('compose: encode PNG (convertToBlob)');
  const png = new Uint8Array(await blob.arrayBuffer());
  mark?.('compose: read blob');
  return {
    png,
    width: canvas.width,
    height: canvas.height,
    bannerHeight,
    contentPixelsSha256,
  };
}
