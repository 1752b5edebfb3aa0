import type { DocRect, PageTextScope } from './types';

/** The page text to keep for a capture mode: what was captured, as the agent's `scope`. */
export function textScopeFor(
  mode: 'visible' | 'full-page' | 'element' | 'region',
  target: { selector?: string; region?: DocRect } = {},
): PageTextScope {
  if (mode === 'element' && target.selector) return { kind: 'element', selector: target.selector };
  if (mode === 'region' && target.region) return { kind: 'region', rect: target.region };
  if (mode === 'full-page') return { kind: 'page' };
  return { kind: 'viewport' };
}

/** Record notices for what redaction could not look into (the agent's `notInspected`). */
export function notInspectedNotices(notInspected: readonly string[] = []): string[] {
  return notInspected.map(
    (what) => `Not inspected for redaction: ${what} (its content may be visible in the image unmasked).`,
  );
}
