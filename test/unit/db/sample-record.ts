import type { CaptureMetadata, UnsealedCaptureMetadata } from '../../../lib/formats/capture-metadata';
import { canonicalSha256 } from '../../../lib/integrity/canonical';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { screenshotRecord } from '../../../node/fixtures/screenshot-record';

/** A sealed capture record over `image`, for tests that need stored evidence. */
export async function sampleRecord(
  image: Uint8Array<ArrayBuffer> = new Uint8Array([1, 2, 3]),
  patch: Partial<UnsealedCaptureMetadata> = {},
): Promise<CaptureMetadata> {
  const unsealed: UnsealedCaptureMetadata = {
    ...screenshotRecord({
      id: crypto.randomUUID(),
      controls: [
        {
          id: 'A.5.18',
          title: 'Access rights granted, reviewed and removed',
          framework: 'ISO/IEC 27001:2022',
        },
      ],
      note: '',
      pageUrl: 'https://console.example/review',
      pageTitle: 'Review',
      capturedAt: '2026-11-28T10:00:00.000Z',
      capturer: { name: 'Dana', email: 'dana@example.com' },
      browserVersion: '156',
      extensionVersion: '0.1.0',
      viewport: { width: 1280, height: 800 },
      image: { width: 1, height: 1, byteLength: image.byteLength, sha256: await sha256Hex(image) },
    }),
    ...patch,
  };
  return { ...unsealed, metadataSha256: await canonicalSha256(unsealed) };
}
