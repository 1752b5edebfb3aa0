/** What a capture hid, as far as the page snapshot is concerned. */
export interface HiddenFromCapture {
  /** Areas blacked out in the image (password fields, selectors, text patterns, boxes). */
  maskedAreas: number;
  /** Names of URL parameters whose values were redacted. */
  urlRedactions: readonly string[];
  /** Whether a text pattern masked the title. */
  titleMasked: boolean;
  /** Whether a rule matched anywhere in the document, on screen or not (the agent's `matchedAnywhere`). */
  matchedAnywhere?: boolean;
}

/**
 * Why no page snapshot may be kept, or undefined when one may. A snapshot cannot be redacted
 * reliably: it holds the page as loaded, and MHTML repeats the page's address and title in its
 * headers, so anything hidden from the image, the address or the title would survive in it.
 */
export function snapshotWithheldReason(h: HiddenFromCapture): string | undefined {
  if (h.maskedAreas)
    return 'Redaction was applied to this capture; a page snapshot cannot be redacted reliably, so none was kept.';
  if (h.matchedAnywhere)
    return 'A redaction rule matched content outside what was captured; a page snapshot holds the whole page and cannot be redacted reliably, so none was kept.';
  if (h.urlRedactions.length)
    return `The page address held secret parameters (${h.urlRedactions.join(', ')}); a page snapshot repeats the address, so none was kept.`;
  if (h.titleMasked)
    return 'The page title matched a redaction pattern; a page snapshot repeats the title, so none was kept.';
  return undefined;
}
