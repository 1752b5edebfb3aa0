import { CAPTURE_SCHEMA } from './schema-ids';
import { z } from './zod';

export { CAPTURE_SCHEMA };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** A control as it was when the capture was tagged (titles can change later; evidence must not). */
export const taggedControlSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  framework: z.string().min(1),
});

/**
 * Everything recorded about one capture. Stored in IndexedDB and exported as `<id>.json` beside the
 * image. `metadataSha256` is SHA-256 over the RFC 8785 canonical JSON of all other fields.
 */
export const captureMetadataSchema = z.object({
  /** Format of this record. */
  schema: z.literal(CAPTURE_SCHEMA),
  /** Random UUID of the capture. */
  id: z.string().uuid(),
  /** IDs of the controls the capture is evidence for (at least one). */
  controlIds: z.array(z.string().min(1)).min(1),
  /** Those controls with their framework and title at capture time. */
  controls: z.array(taggedControlSchema).min(1),
  /** Free text from the capturer; may be empty. */
  note: z.string(),
  /** Address of the captured page. */
  pageUrl: z.string().min(1),
  /** The page's title. */
  pageTitle: z.string(),
  /** When the image was taken: UTC, ISO-8601 with milliseconds. */
  capturedAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected UTC ISO-8601 with ms'),
  /** IANA time zone of the capturing machine, e.g. `Europe/Paris`. */
  timeZone: z.string().min(1),
  /** UTC offset in force at capture time, e.g. `+01:00`. */
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/),
  /** Who captured: from the extension's settings. */
  capturer: z.object({ name: z.string().min(1), email: z.string().min(3) }),
  /** Browser that made the capture. */
  browser: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  /** ProofTrail version that made the capture. */
  extensionVersion: z.string().min(1),
  /** Page viewport in CSS pixels, and the device pixel ratio. */
  viewport: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  devicePixelRatio: z.number().positive(),
  /** How the image was made. */
  captureMode: z.literal('visible'),
  /** The stored image: lossless PNG. */
  image: z.object({
    format: z.literal('png'),
    mediaType: z.literal('image/png'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    byteLength: z.number().int().positive(),
    sha256,
  }),
  /** SHA-256 of the canonical JSON of every other field of this record. */
  metadataSha256: sha256,
});

/** One capture's metadata, as stored and exported. */
export type CaptureMetadata = z.infer<typeof captureMetadataSchema>;
/** The fields the metadata hash covers (all but the hash itself). */
export type UnsealedCaptureMetadata = Omit<CaptureMetadata, 'metadataSha256'>;
/** A control as tagged on a capture. */
export type TaggedControl = z.infer<typeof taggedControlSchema>;
