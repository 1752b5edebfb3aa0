import { getControlsByIds } from '../catalog/lookup';
import { saveCapture } from '../db/captures-repo';
import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import { getIdentity } from '../db/settings-repo';
import type { CaptureMetadata, UnsealedCaptureMetadata } from '../formats/capture-metadata';
import { CAPTURE_SCHEMA } from '../formats/schema-ids';
import { canonicalSha256 } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import type { BrowserInfo } from './browser-info';
import { describeTime } from './clock';
import type { PageInfo } from './page-info';
import { dataUrlToBytes, readPngSize } from './png';
import type { CaptureScheduler } from './rate-limit';
import { explainCaptureError, restrictionReason } from './restricted';

/** A failure the user can act on; its message is shown as is. */
export class CaptureError extends Error {}

/** What the popup asks for. */
export interface CaptureRequest {
  tabId: number;
  controlIds: string[];
  note: string;
}

/** The browser facilities a capture needs, passed in so the logic runs in tests without a browser. */
export interface CaptureDeps {
  db: ProofTrailDb;
  schedule: CaptureScheduler;
  getTab(tabId: number): Promise<{ windowId: number; url?: string; title?: string; active: boolean }>;
  captureVisibleTab(windowId: number): Promise<string>;
  readPageInfo(tabId: number): Promise<PageInfo>;
  browserInfo(): Promise<BrowserInfo>;
  extensionVersion: string;
  now?: () => Date;
}

export const MAX_NOTE_LENGTH = 5000;

/** Captures the visible area of a tab and commits image and record together; returns the record. */
export async function captureVisible(req: CaptureRequest, deps: CaptureDeps): Promise<CaptureMetadata> {
  const { db } = deps;
  const note = req.note.trim();
  if (note.length > MAX_NOTE_LENGTH)
    throw new CaptureError(`The note is longer than ${MAX_NOTE_LENGTH} characters.`);
  // Independent reads run together: a capture should cost little more than the screenshot itself.
  const [catalog, capturer, tab] = await Promise.all([
    listAllControls(db),
    getIdentity(db),
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

  const refused = (e: unknown) => {
    throw new CaptureError(explainCaptureError(e instanceof Error ? e.message : String(e)));
  };
  const pageInfo = deps.readPageInfo(req.tabId).catch(refused);
  const browser = deps.browserInfo();
  pageInfo.catch(() => undefined);
  browser.catch(() => undefined);
  const dataUrl = await deps.schedule(() => deps.captureVisibleTab(tab.windowId)).catch(refused);
  const time = describeTime(deps.now?.() ?? new Date());
  const page = await pageInfo;
  const bytes = dataUrlToBytes(dataUrl);
  const size = readPngSize(bytes);
  const unsealed: UnsealedCaptureMetadata = {
    schema: CAPTURE_SCHEMA,
    id: crypto.randomUUID(),
    controlIds: controls.controls.map((c) => c.id),
    controls: controls.controls.map(({ id, title, framework }) => ({ id, title, framework })),
    note,
    pageUrl: tab.url!,
    pageTitle: page.title || tab.title || '',
    ...time,
    capturer,
    browser: await browser,
    extensionVersion: deps.extensionVersion,
    viewport: page.viewport,
    devicePixelRatio: page.devicePixelRatio,
    captureMode: 'visible',
    image: {
      format: 'png',
      mediaType: 'image/png',
      ...size,
      byteLength: bytes.byteLength,
      sha256: await sha256Hex(bytes),
    },
  };
  const record: CaptureMetadata = { ...unsealed, metadataSha256: await canonicalSha256(unsealed) };
  await saveCapture(db, record, new Blob([bytes as BlobPart], { type: 'image/png' }));
  return record;
}
