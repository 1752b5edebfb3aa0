/** A rectangle in document (CSS pixel) coordinates: 0,0 is the top-left of the page. */
export interface DocRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The page's size, viewport and scroll position, in CSS pixels. */
export interface PageMetrics {
  scrollWidth: number;
  scrollHeight: number;
  viewportWidth: number;
  viewportHeight: number;
  scrollX: number;
  scrollY: number;
  devicePixelRatio: number;
  title: string;
}

/** Why an area was blacked out. */
export type RedactionRule = 'password-field' | 'selector' | 'text-pattern' | 'manual';

/** One masked area and the rule behind it. */
export interface RedactionArea extends DocRect {
  rule: RedactionRule;
  /** The selector or pattern that matched (never the masked text itself). */
  detail: string;
}

/** What to black out. */
export interface RedactionRules {
  selectors: string[];
  /** Regular expression sources, matched case-insensitively against visible text. */
  textPatterns: string[];
  /** Areas the user drew or clicked, already in document coordinates. */
  manual?: DocRect[];
}

/** An element found for element capture. */
export interface LocatedElement {
  rect: DocRect;
  /** True when the element scrolls its own content (a table in a scrolling div). */
  scrollable: boolean;
  scrollHeight: number;
  clientHeight: number;
  /** Where the element's scrolled content starts, in document coordinates. */
  contentRect: DocRect;
}

/** What the stored page text covers: what was captured. */
export type PageTextScope =
  | { kind: 'viewport' }
  | { kind: 'page' }
  | { kind: 'element'; selector: string }
  | { kind: 'region'; rect: DocRect };

/** The page text scopes of a capture that does not scroll the page. */
export type ViewScope = Extract<PageTextScope, { kind: 'viewport' | 'region' }>;

/** The stored page text, and what the snapshot decision needs to know. */
export interface PageText {
  text: string;
  /** Whether anything was removed from the text. */
  redacted: boolean;
  /** Whether any rule matched anywhere reachable, on screen or not, shadow roots and frames included. */
  matchedAnywhere?: boolean;
  /** What could not be inspected (cross-origin frames), for the record's notices. */
  notInspected?: string[];
}

/** A capture that does not scroll: the page's metrics and inspection, read in one pass (`agentView`). */
export interface PageView {
  metrics: PageMetrics;
  inspection: ViewInspection;
  /** The answering document's marker (`performance.timeOrigin`): another document has another. */
  document: string;
}

/** What a capture that does not scroll needs from the page: its masks and its text, from one pass. */
export interface ViewInspection {
  /** The areas to black out that can reach the viewport (`findRedactionAreas`' areas within it). */
  areas: RedactionArea[];
  /** The page text of the scope, as `redactedPageText` gives it. */
  text: PageText;
}
