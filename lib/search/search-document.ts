import type { CaptureMetadata } from '../formats/capture-metadata';

/**
 * The most characters of a page's text the index takes in (the start of the page). Console pages
 * run to a few thousand words; a page far longer than that is indexed by its first 50,000
 * characters so one huge page cannot make the whole index slow to load or search.
 */
export const PAGE_TEXT_LIMIT = 50_000;

/** What the library's full-text search looks in, for one capture. */
export interface SearchDocument {
  id: string;
  note: string;
  title: string;
  url: string;
  /** The page's visible text as stored with the capture (redacted), up to PAGE_TEXT_LIMIT. */
  text: string;
  /** The IDs and titles of the controls it is tagged to. */
  controls: string;
}

/** The fields searched, in the order a match in them counts most. */
export const SEARCH_FIELDS = ['note', 'title', 'controls', 'url', 'text'] as const;

/** The document of a capture and the page text stored with it. */
export function searchDocumentOf(record: CaptureMetadata, pageText = ''): SearchDocument {
  return {
    id: record.id,
    note: record.note,
    title: record.pageTitle,
    url: record.pageUrl,
    text: pageText.length > PAGE_TEXT_LIMIT ? pageText.slice(0, PAGE_TEXT_LIMIT) : pageText,
    controls: record.controls.map((c) => `${c.id} ${c.title}`).join('\n'),
  };
}
