import type { UnsealedCaptureMetadata } from '../formats/capture-metadata';
import { CAPTURE_SCHEMA } from '../formats/schema-ids';
import { sha256Hex } from '../integrity/sha256';
import type { Taken } from './acquire-page';
import type { BrowserInfo } from './browser-info';
import type { CheckedRequest } from './check-request';
import type { CaptureTime } from './clock';
import type { Composed } from './compose';
import type { ServerDate } from './read-server-date';

/** What the record describes, gathered by the earlier steps. */
export interface CaptureFacts {
  checked: CheckedRequest;
  taken: Taken;
  time: CaptureTime;
  server: ServerDate;
  image: Composed;
  textBytes: Uint8Array<ArrayBuffer>;
  browser: BrowserInfo;
  extensionVersion: string;
}

/** The capture record, before its own hash is added. */
export async function describeCapture(f: CaptureFacts): Promise<UnsealedCaptureMetadata> {
  const { checked, taken, image } = f;
  const { acquired, url, title, snapshot } = taken;
  // The digests run at once (WebCrypto works off the worker's thread), not one after the other.
  const [textSha256, snapshotSha256, imageSha256] = await Promise.all([
    sha256Hex(f.textBytes),
    snapshot && sha256Hex(snapshot.blob),
    sha256Hex(image.png),
  ]);
  return {
    schema: CAPTURE_SCHEMA,
    id: crypto.randomUUID(),
    controlIds: checked.controls.map((c) => c.id),
    controls: checked.controls.map(({ id, title, framework }) => ({ id, title, framework })),
    note: checked.note,
    ...(checked.effectiveDate ? { effectiveDate: checked.effectiveDate } : {}),
    pageUrl: url.url,
    ...(url.redacted.length ? { urlRedactions: url.redacted } : {}),
    pageTitle: title.title,
    ...f.time,
    capturer: checked.capturer,
    browser: f.browser,
    extensionVersion: f.extensionVersion,
    viewport: { width: acquired.metrics.viewportWidth, height: acquired.metrics.viewportHeight },
    devicePixelRatio: acquired.metrics.devicePixelRatio,
    captureMode: checked.mode,
    method: acquired.method,
    frames: acquired.frames,
    ...(acquired.target ? { target: acquired.target } : {}),
    ...(acquired.scroller ? { scroller: acquired.scroller } : {}),
    redactions: acquired.areas.map((a) => ({
      x: Math.round(a.imageX),
      y: Math.round(a.imageY),
      width: Math.round(a.imageWidth),
      height: Math.round(a.imageHeight),
      rule: a.rule,
      detail: a.detail,
    })),
    ...(image.contentPixelsSha256
      ? { banner: { height: image.bannerHeight, contentPixelsSha256: image.contentPixelsSha256 } }
      : {}),
    pageText: { byteLength: f.textBytes.byteLength, sha256: textSha256 },
    ...(snapshot
      ? {
          pageSnapshot: {
            format: snapshot.format,
            mediaType: snapshot.mediaType,
            byteLength: snapshot.blob.size,
            sha256: snapshotSha256!,
          },
        }
      : {}),
    ...(taken.snapshotOmitted ? { pageSnapshotOmitted: taken.snapshotOmitted } : {}),
    ...describeServerClock(f.server, taken.capturedAt),
    notices: title.masked
      ? [...acquired.notices, 'The page title was masked by a text pattern.']
      : acquired.notices,
    image: {
      format: 'png',
      mediaType: 'image/png',
      width: image.width,
      height: image.height,
      byteLength: image.png.byteLength,
      sha256: imageSha256,
    },
  };
}

function describeServerClock(server: ServerDate, capturedAt: Date) {
  if (!server.date) return { serverClockUnavailable: server.reason ?? 'unknown' };
  return {
    serverClock: {
      date: server.date,
      skewMs: new Date(server.date).getTime() - capturedAt.getTime(),
      source: 'origin-head' as const,
    },
  };
}
