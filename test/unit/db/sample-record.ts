import {
  CAPTURE_SCHEMA,
  type CaptureMetadata,
  type UnsealedCaptureMetadata,
} from '../../../lib/formats/capture-metadata';
import { canonicalSha256 } from '../../../lib/integrity/canonical';
import { sha256Hex } from '../../../lib/integrity/sha256';

/** A sealed capture record over `image`, for tests that need stored evidence. */
export async function sampleRecord(
  image: Uint8Array<ArrayBuffer> = new Uint8Array([1, 2, 3]),
  patch: Partial<UnsealedCaptureMetadata> = {},
): Promise<CaptureMetadata> {
  const unsealed: UnsealedCaptureMetadata = {
    schema: CAPTURE_SCHEMA,
    id: crypto.randomUUID(),
    controlIds: ['A.5.18'],
    controls: [
      { id: 'A.5.18', title: 'Access rights granted, reviewed and removed', framework: 'ISO/IEC 27001:2022' },
    ],
    note: '',
    pageUrl: 'https://console.example/review',
    pageTitle: 'Review',
    capturedAt: '2026-11-28T10:00:00.000Z',
    timeZone: 'UTC',
    utcOffset: '+00:00',
    capturer: { name: 'Dana', email: 'dana@example.com' },
    browser: { name: 'Chromium', version: '156' },
    extensionVersion: '0.1.0',
    viewport: { width: 1280, height: 800 },
    devicePixelRatio: 1,
    captureMode: 'visible',
    method: 'screenshot',
    frames: 1,
    redactions: [],
    notices: [],
    image: {
      format: 'png',
      mediaType: 'image/png',
      width: 1,
      height: 1,
      byteLength: image.byteLength,
      sha256: await sha256Hex(image),
    },
    ...patch,
  };
  return { ...unsealed, metadataSha256: await canonicalSha256(unsealed) };
}
