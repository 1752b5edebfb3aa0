import type {
  DocRect,
  LocatedElement,
  PageMetrics,
  RedactionArea,
  RedactionRules,
} from '../page-agent/types';
import type { Result } from './protocol';

/** Messages the service worker sends to the capture agent injected into a page. */
export interface AgentProtocolMap {
  /** Answers when the agent is already in the page, so it is injected only once per document. */
  agentPing(data: Record<string, never>): Result<true>;
  /** Remembers the scroll position (to restore later) and reports the page's metrics. */
  agentBegin(data: Record<string, never>): Result<PageMetrics>;
  /** Scrolls the page, waits for paint and lazy content; replies with the scroll position reached. */
  agentScrollTo(data: {
    x: number;
    y: number;
    settleMs: number;
  }): Result<{ scrollX: number; scrollY: number }>;
  /** Hides fixed and sticky elements (headers, sidebars) until restore. */
  agentHideFixed(data: Record<string, never>): Result<{ hidden: number }>;
  /** Finds an element by selector and scrolls its top into view when it is not; says whether it scrolled. */
  agentLocate(data: { selector: string }): Result<LocatedElement & { scrolled: boolean }>;
  /** Scrolls a container found by selector to `top`; replies with the scrollTop reached and its content box. */
  agentScrollContainer(data: {
    selector: string;
    top: number;
    settleMs: number;
  }): Result<{ top: number; contentRect: DocRect }>;
  /** Areas to black out under the rules. */
  agentRedactions(data: RedactionRules): Result<RedactionArea[]>;
  /** Visible text with redacted text removed. */
  agentPageText(data: RedactionRules): Result<{ text: string; redacted: boolean }>;
  /** Renders an element from the DOM (html2canvas-pro, loaded on demand) as a PNG data URL. */
  agentRenderElement(data: {
    selector: string;
    scale: number;
  }): Result<{ dataUrl: string; width: number; height: number }>;
  /** The page server's clock: the HTTP Date of a HEAD request to the page's address, or why not. */
  agentServerDate(data: { timeoutMs: number }): Result<{ date?: string; reason?: string }>;
  /** Puts the page back as it was. */
  agentRestore(data: Record<string, never>): Result<null>;
}

export type AgentMessageType = keyof AgentProtocolMap;

/** Wire shape of an agent message. */
export interface AgentEnvelope<K extends AgentMessageType = AgentMessageType> {
  prooftrailAgent: K;
  data: Parameters<AgentProtocolMap[K]>[0];
}
