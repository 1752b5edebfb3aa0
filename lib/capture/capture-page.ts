import { getControlsByIds } from '../catalog/lookup';
import { getCaptureSettings } from '../db/capture-settings-repo';
import { type PageContextBlobs, saveCapture } from '../db/captures-repo';
import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import { getIdentity } from '../db/settings-repo';
import type { CaptureMetadataV2, UnsealedCaptureMetadata } from '../formats/capture-metadata';
import { CAPTURE_SCHEMA } from '../formats/schema-ids';
import { canonicalSha256 } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { commitWithLedger } from '../ledger/commit';
import { captureDraft } from '../ledger/drafts';
import type { DocRect, RedactionRules } from '../page-agent/types';
import { maskTitle } from '../redaction/mask-title';
import { redactSecretUrl } from '../redaction/secret-url';
import type { AcquireContext, Acquired } from './acquire';
import { acquireElement } from './acquire-element';
import { acquireFullPage } from './acquire-full-page';
import { acquireRegion, acquireVisible } from './acquire-visible';
import type { AgentCall } from './agent';
import { bannerLines, hashLine } from './banner';
import type { BrowserInfo } from './browser-info';
import { describeTime } from './clock';
import { type Composed, compose } from './compose';
import { dataUrlToBytes, readPngSize } from './png';
import type { CaptureScheduler } from './rate-limit';
import { explainCaptureError, restrictionReason } from './restricted';
import { snapshotWithheldReason } from './snapshot-policy';

/** A failure the user can act on; its message is shown as is. */
export class CaptureError extends Error {}

/** What the popup, panel or CLI asks for. */
export interface CaptureRequest {
  tabId: number;
  controlIds: string[];
  note: string;
  /** Default `visible`. */
  mode?: 'visible' | 'full-page' | 'element' | 'region';
  /** CSS selector of the element, for `element` mode. */
  selector?: string;
  /** The area to capture in `region` mode, in document CSS px (inside the visible area). */
  region?: DocRect;
  /** Extra selectors to black out for this capture, on top of the settings' rules. */
  redactSelectors?: string[];
  /** Boxes the capturer drew to black out, in document CSS px. */
  manualRedactions?: DocRect[];
}

/** Browser facilities a capture needs, passed in so the logic is testable without a browser. */
export interface CaptureDeps {
  db: ProofTrailDb;
  schedule: CaptureScheduler;
  getTab(tabId: number): Promise<{ windowId: number; url?: string; title?: string; active: boolean }>;
  captureVisibleTab(windowId: number): Promise<string>;
  /** Injects the capture agent into the tab (once) and returns a caller for it. */
  connectAgent(tabId: number): Promise<AgentCall>;
  /** Injects the DOM renderer (html2canvas-pro) into the tab, only when a capture needs it. */
  loadRenderer(tabId: number): Promise<void>;
  /** A snapshot of the page: MHTML where the browser can make one. */
  pageSnapshot(
    tabId: number,
  ): Promise<{ blob: Blob; format: 'mhtml' | 'html'; mediaType: string } | undefined>;
  browserInfo(): Promise<BrowserInfo>;
  extensionVersion: string;
  /** Composes images; replaceable in tests where no canvas exists. */
  compose?: typeof compose;
  now?: () => Date;
}

export const MAX_NOTE_LENGTH = 5000;

const fail = (e: unknown): never => {
  if (e instanceof CaptureError) throw e;
  throw new CaptureError(explainCaptureError(e instanceof Error ? e.message : String(e)));
};

/** Captures a tab in the requested mode and commits image, record and page context together. */
export async function capturePage(req: CaptureRequest, deps: CaptureDeps): Promise<CaptureMetadataV2> {
  const { db } = deps;
  const mode = req.mode ?? 'visible';
  const note = req.note.trim();
  if (note.length > MAX_NOTE_LENGTH)
    throw new CaptureError(`The note is longer than ${MAX_NOTE_LENGTH} characters.`);
  if (mode === 'element' && !req.selector?.trim())
    throw new CaptureError('Element capture needs a CSS selector.');
  const [catalog, capturer, settings, tab] = await Promise.all([
    listAllControls(db),
    getIdentity(db),
    getCaptureSettings(db),
    deps.getTab(req.tabId).catch(() => {
      throw new CaptureError('That tab is gone: it was closed before the capture.');
    }),
  ]);
  const controls = getControlsByIds(catalog, req.controlIds);
  if (!controls.ok) throw new CaptureError(controls.problem);
  if (!capturer) throw new CaptureError('Set your name and email before the first capture.');
  const restricted = restrictionReason(tab.url);
  if (restricted) throw new CaptureError(restricted);
  if (!tab.active) throw new CaptureError('The tab must be the visible tab of its window to be captured.');
  // Secret-looking parameters are redacted before the address is stored, drawn or signed.
  const url = redactSecretUrl(tab.url!, settings.urlSecretParams);

  const browser = deps.browserInfo();
  browser.catch(() => undefined);
  const agent = await deps.connectAgent(req.tabId).catch(fail);
  const rules: RedactionRules = {
    selectors: [...settings.redactSelectors, ...(req.redactSelectors ?? [])],
    textPatterns: settings.redactPatterns,
    manual: req.manualRedactions ?? [],
  };
  const ctx: AcquireContext = {
    agent,
    schedule: deps.schedule,
    captureVisibleTab: () => deps.captureVisibleTab(tab.windowId),
    rules,
    settleMs: settings.settleMs,
    maxHeight: settings.maxPageHeight,
    loadRenderer: () => deps.loadRenderer(req.tabId),
  };
  let acquired: Acquired;
  let text: { text: string; redacted: boolean };
  let snapshot: Awaited<ReturnType<CaptureDeps['pageSnapshot']>>;
  let title: { title: string; masked: boolean };
  let withheld: string | undefined;
  let capturedAt: Date;
  // In visible mode nothing on the page moves, so its text is read while the screenshot is taken;
  // other modes scroll the page and read it afterwards. The snapshot always comes after the
  // screenshot: made at the same time, it slowed the screenshot down more than it saved.
  // The server's clock is read alongside, but never waited for long: a capture does not wait for the network.
  const serverDate = agent('agentServerDate', { timeoutMs: 1500 }).catch(
    () => ({ reason: 'the page did not answer' }) as { date?: string; reason?: string },
  );
  const early = mode === 'visible';
  const textEarly = early ? agent('agentPageText', rules) : undefined;
  textEarly?.catch(() => undefined);
  try {
    acquired = await (mode === 'full-page'
      ? acquireFullPage(ctx)
      : mode === 'element'
        ? acquireElement(ctx, req.selector!.trim())
        : mode === 'region'
          ? acquireRegion(ctx, req.region!)
          : acquireVisible(ctx));
    capturedAt = deps.now?.() ?? new Date();
    text = await (textEarly ?? agent('agentPageText', rules));
    title = maskTitle(acquired.metrics.title || tab.title || '', rules.textPatterns);
    // A snapshot cannot be redacted: with anything masked, none is made.
    withheld = snapshotWithheldReason({
      maskedAreas: acquired.areas.length,
      urlRedactions: url.redacted,
      titleMasked: title.masked,
    });
    snapshot = withheld ? undefined : await deps.pageSnapshot(req.tabId).catch(() => undefined);
  } catch (e) {
    return fail(e);
  } finally {
    await agent('agentRestore', {}).catch(() => undefined);
  }

  const time = describeTime(capturedAt);
  const server = await Promise.race([
    serverDate,
    new Promise<{ date?: string; reason?: string }>((r) =>
      setTimeout(() => r({ reason: 'the server did not answer in time' }), 1000),
    ),
  ]);
  const lines = settings.banner
    ? bannerLines({ pageUrl: url.url, ...time, capturer, controlIds: controls.controls.map((c) => c.id) })
    : undefined;
  const masks = acquired.areas.map((a) => ({
    x: a.imageX,
    y: a.imageY,
    width: a.imageWidth,
    height: a.imageHeight,
  }));
  let composed: Composed;
  if (acquired.rawDataUrl && !masks.length && !lines) {
    const png = dataUrlToBytes(acquired.rawDataUrl);
    composed = { png, ...readPngSize(png), bannerHeight: 0 };
  } else composed = await (deps.compose ?? compose)({ ...acquired.spec, masks, banner: lines }, hashLine);

  const textBytes = new TextEncoder().encode(text.text);
  const omitted = withheld ?? (snapshot ? undefined : 'This browser could not make a page snapshot.');
  const unsealed: UnsealedCaptureMetadata = {
    schema: CAPTURE_SCHEMA,
    id: crypto.randomUUID(),
    controlIds: controls.controls.map((c) => c.id),
    controls: controls.controls.map(({ id, title, framework }) => ({ id, title, framework })),
    note,
    pageUrl: url.url,
    ...(url.redacted.length ? { urlRedactions: url.redacted } : {}),
    pageTitle: title.title,
    ...time,
    capturer,
    browser: await browser,
    extensionVersion: deps.extensionVersion,
    viewport: { width: acquired.metrics.viewportWidth, height: acquired.metrics.viewportHeight },
    devicePixelRatio: acquired.metrics.devicePixelRatio,
    captureMode: mode,
    method: acquired.method,
    frames: acquired.frames,
    ...(acquired.target ? { target: acquired.target } : {}),
    redactions: acquired.areas.map((a) => ({
      x: Math.round(a.imageX),
      y: Math.round(a.imageY),
      width: Math.round(a.imageWidth),
      height: Math.round(a.imageHeight),
      rule: a.rule,
      detail: a.detail,
    })),
    ...(composed.contentPixelsSha256
      ? { banner: { height: composed.bannerHeight, contentPixelsSha256: composed.contentPixelsSha256 } }
      : {}),
    pageText: { byteLength: textBytes.byteLength, sha256: await sha256Hex(textBytes) },
    ...(snapshot
      ? {
          pageSnapshot: {
            format: snapshot.format,
            mediaType: snapshot.mediaType,
            byteLength: snapshot.blob.size,
            sha256: await sha256Hex(snapshot.blob),
          },
        }
      : {}),
    ...(omitted ? { pageSnapshotOmitted: omitted } : {}),
    ...(server.date
      ? {
          serverClock: {
            date: server.date,
            skewMs: new Date(server.date).getTime() - capturedAt.getTime(),
            source: 'origin-head' as const,
          },
        }
      : { serverClockUnavailable: server.reason ?? 'unknown' }),
    notices: title.masked
      ? [...acquired.notices, 'The page title was masked by a text pattern.']
      : acquired.notices,
    image: {
      format: 'png',
      mediaType: 'image/png',
      width: composed.width,
      height: composed.height,
      byteLength: composed.png.byteLength,
      sha256: await sha256Hex(composed.png),
    },
  };
  const record: CaptureMetadataV2 = { ...unsealed, metadataSha256: await canonicalSha256(unsealed) };
  const context: PageContextBlobs = {
    text: new Blob([textBytes], { type: 'text/plain;charset=utf-8' }),
    ...(snapshot ? { snapshot: new Blob([snapshot.blob], { type: snapshot.mediaType }) } : {}),
  };
  // The capture and its signed ledger entry are committed together.
  await commitWithLedger(
    db,
    captureDraft(record, capturer),
    [db.captures, db.images, db.pageContext],
    () => saveCapture(db, record, new Blob([composed.png], { type: 'image/png' }), context),
    deps.now,
  );
  return record;
}
