import type { Identity } from '../db/types';

/** The evidence strip's lines: what audit guidance asks a screenshot to show. */
export function bannerLines(f: {
  pageUrl: string;
  capturedAt: string;
  timeZone: string;
  utcOffset: string;
  capturer: Identity;
  controlIds: string[];
}): string[] {
  const local = new Date(f.capturedAt).toLocaleString('sv-SE', { timeZone: f.timeZone }).replace(' ', 'T');
  return [
    `URL: ${f.pageUrl}`,
    `Captured: ${f.capturedAt} (UTC) · local ${local} ${f.timeZone} (UTC${f.utcOffset})`,
    `By: ${f.capturer.name} <${f.capturer.email}> · Controls: ${f.controlIds.join(', ')}`,
  ];
}

/** The last line: a short hash of the pixels above the strip. */
export function hashLine(contentPixelsSha256: string): string[] {
  return [`ProofTrail · SHA-256 of the image above (RGBA pixels): ${contentPixelsSha256.slice(0, 16)}…`];
}
