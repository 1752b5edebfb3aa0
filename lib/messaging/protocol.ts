import { z } from 'zod';
import type { Control } from '../catalog/types';
import type { PopupForm } from '../db/popup-form';
import type { CaptureMetadata } from '../formats/capture-metadata';
import { recipeSchema } from '../formats/recipe';
import type { ScrollChoice } from '../page-agent/main-scroller';
import type {
  LocatedElement,
  PageMetrics,
  PageText,
  PageTextScope,
  PageView,
  DocRect as Rect,
  RedactionArea,
  ViewInspection,
  ViewScope,
} from '../page-agent/types';
import type { RecipeRunResult } from '../recipes/run-types';
import type { RequestChoice } from '../requests/request-choices';
import type { PushOutcome } from '../store/push-objects';

/** A reply that carries either a value or a message for the user (errors do not cross messages well). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Data for the on-page panel, which cannot read the extension's database itself. */
export interface PanelContext {
  controls: Control[];
  suggested: string[];
  suggestedBy: string;
  hasIdentity: boolean;
  /** The control a reminder opened this tab for (selected first), when it did. */
  reminderFor?: string;
  /** Requests still to fulfil (not submitted), for the request picker. */
  requests?: RequestChoice[];
}

const finite = z.number().finite();
const docRect = z.strictObject({
  x: finite,
  y: finite,
  width: finite.nonnegative(),
  height: finite.nonnegative(),
}) satisfies z.ZodType<Rect>;
const tabId = z.number().int().nonnegative();

/** What to capture and how to tag it; the tab is named by the message or taken from its sender. */
const captureOptions = z.strictObject({
  controlIds: z.array(z.string().min(1).max(200)).max(1000),
  note: z.string(),
  mode: z.enum(['visible', 'full-page', 'element', 'region']).optional(),
  selector: z.string().min(1).max(4000).optional(),
  region: docRect.optional(),
  redactSelectors: z.array(z.string().min(1).max(4000)).max(1000).optional(),
  manualRedactions: z.array(docRect).max(1000).optional(),
  effectiveDate: z.string().max(10).optional(),
  /** The auditor's request this capture fulfils (checked to exist before capturing; lib/requests). */
  request: z.string().min(1).max(200).optional(),
  /** One of that request's samples, or (`population`) the request's population. */
  sample: z.string().min(1).max(200).optional(),
  population: z.boolean().optional(),
});

/**
 * The secret the worker makes each time it opens the panel in a tab (32 random bytes, base64url):
 * only the panel frame it placed there knows it.
 */
const panelToken = z.string().regex(/^[\w-]{43}$/, 'a panel token is 43 base64url characters');

/** What the panel asks the page for: an element or a rectangle, to capture or to black out. */
export type PickTool = 'element' | 'region' | 'blackout-element' | 'blackout-box';
const pickTool = z.enum([
  'element',
  'region',
  'blackout-element',
  'blackout-box',
]) satisfies z.ZodType<PickTool>;

/** What the user picked on the page, or that they cancelled (Esc). */
export type PickResult =
  | { kind: 'element'; selector: string; label: string }
  | { kind: 'rect'; rect: Rect }
  | { kind: 'cancelled' };

/** A message from the panel frame: its data carries the panel's token besides its own fields. */
const fromPanel = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ token: panelToken, ...shape });

/**
 * Who may send a message:
 * - `extension-page`: only ProofTrail's own pages (popup, library, settings), never a content script.
 * - `panel`: the panel frame the worker itself placed in a tab (`panel-frame.html` in that tab,
 *   with the token of that opening); the tab is always the sender's, never named by the data.
 */
export type Audience = 'extension-page' | 'panel';

/**
 * Every message the extension's contexts send to the worker: its data schema (checked where it
 * is received), who may send it, and (in `ProtocolMap`) its reply.
 */
export const messages = {
  /** Capture a tab, tagged to controls; replies after the record is committed. */
  captureTab: { from: 'extension-page', data: captureOptions.extend({ tabId }) },
  /** The same, from the panel: the tab is the sender's; the panel is hidden while it is taken. */
  captureFromPanel: { from: 'panel', data: fromPanel(captureOptions.shape) },
  /** Opens the panel in a tab (injected on demand). */
  openPanel: { from: 'extension-page', data: z.strictObject({ tabId }) },
  /** The controls, those suggested for the sender's page, and whether an identity is set. */
  getPanelContext: { from: 'panel', data: fromPanel({}) },
  /** Lets the user pick an element or drag a rectangle on the page; replies when done or cancelled. */
  pickOnPage: { from: 'panel', data: fromPanel({ tool: pickTool }) },
  /** Shows the user's black-out boxes over the page (document coordinates). */
  showBlackouts: { from: 'panel', data: fromPanel({ boxes: z.array(docRect).max(1000) }) },
  /** The panel's content height, so its frame is no taller than what it shows. */
  resizePanel: { from: 'panel', data: fromPanel({ height: finite.nonnegative().max(100_000) }) },
  /** Closes the panel: the worker forgets its token and the page script removes everything it added. */
  closePanel: { from: 'panel', data: fromPanel({}) },
  /** What full page would scroll in a tab (the document, a pane, or nothing) and why, before capturing. */
  describeFullPage: { from: 'extension-page', data: z.strictObject({ tabId }) },
  /**
   * The panel in full-page mode: what full page would scroll in the panel's tab, the pane outlined
   * on the page (`show`); `show: false` takes the outline away (another mode chosen).
   */
  previewFullPage: { from: 'panel', data: fromPanel({ show: z.boolean() }) },
  /** Sends queued RFC 3161 timestamp requests now; `force` retries those still backing off. */
  drainTimestamps: { from: 'extension-page', data: z.strictObject({ force: z.boolean().optional() }) },
  /** Sends this browser's evidence to the team store now; `force` retries those still backing off. */
  pushToStore: { from: 'extension-page', data: z.strictObject({ force: z.boolean().optional() }) },
  /** What the popup's form shows when it opens (identity, imported controls, newest captures, URL rules). */
  getPopupForm: { from: 'extension-page', data: z.strictObject({}) },
  /** Runs a capture recipe, each step in a window of its own; replies with every step's outcome. */
  runRecipe: { from: 'extension-page', data: z.strictObject({ recipe: recipeSchema }) },
} as const satisfies Record<string, { from: Audience; data: z.ZodType }>;

/** A message's name. */
export type MessageType = keyof typeof messages;
/** A message's data, as its schema accepts it. */
export type MessageData<K extends MessageType> = z.infer<(typeof messages)[K]['data']>;
/** A message's data as its handler gets it: the panel's token is checked and taken off first. */
export type HandlerData<K extends MessageType> = (typeof messages)[K]['from'] extends 'panel'
  ? Omit<MessageData<K>, 'token'>
  : MessageData<K>;

/** Replies, by message. */
interface Replies {
  captureTab: CaptureMetadata;
  captureFromPanel: CaptureMetadata;
  openPanel: null;
  getPanelContext: PanelContext;
  pickOnPage: PickResult;
  showBlackouts: null;
  resizePanel: null;
  closePanel: null;
  drainTimestamps: { stamped: number };
  pushToStore: PushOutcome | null;
  describeFullPage: ScrollChoice;
  previewFullPage: ScrollChoice | null;
  runRecipe: RecipeRunResult;
  getPopupForm: PopupForm;
}

/** The typed map `@webext-core/messaging` is defined with. */
export type ProtocolMap = { [K in MessageType]: (data: MessageData<K>) => Result<Replies[K]> };

const none = z.strictObject({});
const selector = z.string().min(1).max(4000);
const settleMs = finite.nonnegative().max(60_000);
const redactionRules = z.strictObject({
  selectors: z.array(selector).max(1000),
  textPatterns: z.array(z.string().min(1).max(4000)).max(1000),
  manual: z.array(docRect).max(1000).optional(),
});
const viewportScope = z.strictObject({ kind: z.literal('viewport') });
const regionScope = z.strictObject({ kind: z.literal('region'), rect: docRect });
/** What the stored page text covers; absent means the whole page. */
const pageTextScope = z.discriminatedUnion('kind', [
  viewportScope,
  z.strictObject({ kind: z.literal('page') }),
  z.strictObject({ kind: z.literal('element'), selector }),
  regionScope,
]) satisfies z.ZodType<PageTextScope>;
/** The scopes of a capture that does not scroll the page. */
const viewScope = z.discriminatedUnion('kind', [viewportScope, regionScope]) satisfies z.ZodType<ViewScope>;
const probeTimeout = finite.positive().max(60_000);
/** Names one capture's server-clock probe, started by `agentView` and answered by `agentServerDate`. */
const probeToken = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

/**
 * Messages the worker sends to the scripts it injected into a page (the capture agent, the element
 * renderer, the panel's page script), each with the schema the script checks its data against.
 */
export const agentMessages = {
  /** Answers when the agent is already in the page, so it is injected only once per document. */
  agentPing: none,
  /** Remembers the scroll position (to restore later) and reports the page's metrics. */
  agentBegin: none,
  /** Scrolls the page, waits for paint and lazy content; replies with the scroll position reached. */
  agentScrollTo: z.strictObject({ x: finite, y: finite, settleMs }),
  /**
   * Hides fixed and sticky elements (headers, sidebars) until restore; `keep` (a scrolled pane)
   * and its ancestors stay, the sticky parts inside it do not.
   */
  agentHideFixed: z.strictObject({ keep: selector.optional() }),
  /** What full page should scroll: the document, a pane (with its box), or nothing; and why. */
  agentFindScroller: none,
  /** Finds an element by selector and scrolls its top into view when it is not; says whether it scrolled. */
  agentLocate: z.strictObject({ selector }),
  /**
   * Scrolls a container found by selector to `top` and waits for paint (only if it moved, unless
   * `settleAlways`); replies with the scrollTop reached, its content box and height.
   */
  agentScrollContainer: z.strictObject({
    selector,
    top: finite,
    settleMs,
    settleAlways: z.boolean().optional(),
  }),
  /** Areas to black out under the rules. */
  agentRedactions: redactionRules,
  /**
   * The text of what was captured (`scope`), with redacted text removed; also whether any rule
   * matched anywhere in the document, and what could not be inspected.
   */
  agentPageText: redactionRules.extend({ scope: pageTextScope.optional() }),
  /**
   * For a capture that does not scroll (visible area, region), from one pass over the page: the
   * areas to black out that can reach the viewport, and the page text of `scope`.
   */
  agentInspectView: redactionRules.extend({ scope: viewScope }),
  /**
   * Everything a capture that does not scroll needs of the page, in one round trip beside the
   * screenshot: the page's metrics, `agentInspectView`'s inspection of `scope`, the marker of the
   * document answering (its time origin) and, with `serverClock`, the server-clock probe started
   * (its answer asked later with `agentServerDate` and the same token).
   */
  agentView: redactionRules.extend({
    scope: viewScope,
    serverClock: z.strictObject({ timeoutMs: probeTimeout, token: probeToken }).optional(),
  }),
  /** Renders an element from the DOM (html2canvas-pro, loaded on demand) as a PNG data URL. */
  agentRenderElement: z.strictObject({ selector, scale: finite.positive().max(16) }),
  /** The page server's clock (see lib/capture/server-clock.ts), or why not. */
  agentServerDate: z.strictObject({ timeoutMs: probeTimeout, token: probeToken.optional() }),
  /** Puts the page back as it was. */
  agentRestore: none,
  /** Panel page script: shows the panel frame with this opening's token (reuses an open one). */
  panelOpen: z.strictObject({ token: panelToken }),
  /** Panel page script: hides the frame and every overlay, and replies once that is painted. */
  panelHide: none,
  /** Panel page script: shows them again after a capture. */
  panelShow: none,
  /** Panel page script: lets the user pick on the page (trusted events only); replies with the pick. */
  panelPick: z.strictObject({ tool: pickTool }),
  /** Panel page script: draws the black-out boxes (document coordinates). */
  panelShowBlackouts: z.strictObject({ boxes: z.array(docRect).max(1000) }),
  /** Panel page script: sets the frame's height. */
  panelResize: z.strictObject({ height: finite.nonnegative().max(100_000) }),
  /** Panel page script: outlines the pane full page will scroll (`selector`), or nothing. */
  panelOutline: z.strictObject({ selector: selector.optional() }),
  /** Panel page script: removes the host, the frame and every listener it added. */
  panelClose: none,
} as const satisfies Record<string, z.ZodType>;

/** An agent message's name. */
export type AgentMessageType = keyof typeof agentMessages;
/** The agent messages the panel's page script answers (the capture agent answers the others). */
export type PanelScriptMessageType = Extract<AgentMessageType, `panel${string}`>;
/** An agent message's data, as its schema accepts it. */
export type AgentMessageData<K extends AgentMessageType> = z.infer<(typeof agentMessages)[K]>;

/** Agent replies, by message. */
interface AgentReplies {
  agentPing: true;
  agentBegin: PageMetrics;
  agentScrollTo: { scrollX: number; scrollY: number };
  agentHideFixed: { hidden: number };
  agentLocate: LocatedElement & { scrolled: boolean };
  agentScrollContainer: { top: number; contentRect: Rect; scrollHeight: number };
  agentFindScroller: ScrollChoice;
  agentRedactions: RedactionArea[];
  agentPageText: PageText;
  agentInspectView: ViewInspection;
  agentView: PageView;
  agentRenderElement: { dataUrl: string; width: number; height: number };
  agentServerDate: { date?: string; reason?: string };
  agentRestore: null;
  panelOpen: null;
  panelHide: null;
  panelShow: null;
  panelPick: PickResult;
  panelShowBlackouts: null;
  panelResize: null;
  panelOutline: null;
  panelClose: null;
}

/** The typed map the worker and the agent's `@webext-core/messaging` messenger share. */
export type AgentProtocolMap = {
  [K in AgentMessageType]: (data: AgentMessageData<K>) => Result<AgentReplies[K]>;
};
