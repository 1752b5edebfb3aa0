import { isDate } from '../period/zoned-time';
import { CAPTURE_SCHEMA, CAPTURE_SCHEMA_V1 } from './schema-ids';
import { z } from './zod';

export { CAPTURE_SCHEMA, CAPTURE_SCHEMA_V1 };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** A control as it was when the capture was tagged (titles can change later; evidence must not). */
export const taggedControlSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  framework: z.string().min(1),
});

/**
 * Version 1 of a capture record (visible-area captures only). Still read and verified: bundles
 * exported by earlier versions must keep verifying. `metadataSha256` is SHA-256 over the RFC 8785
 * canonical JSON of all other fields.
 */
export const captureMetadataV1Schema = z.strictObject({
  /** Format of this record. */
  schema: z.literal(CAPTURE_SCHEMA_V1),
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
  capturer: z.strictObject({ name: z.string().min(1), email: z.string().min(3) }),
  /** Browser that made the capture. */
  browser: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }),
  /** ProofTrail version that made the capture. */
  extensionVersion: z.string().min(1),
  /** Page viewport in CSS pixels, and the device pixel ratio. */
  viewport: z.strictObject({ width: z.number().int().positive(), height: z.number().int().positive() }),
  devicePixelRatio: z.number().positive(),
  /** How the image was made. */
  captureMode: z.literal('visible'),
  /** The stored image: lossless PNG. */
  image: z.strictObject({
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

const rect = z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** Version 2: adds capture modes, redaction, the evidence banner and page context. */
export const captureMetadataV2Schema = captureMetadataV1Schema.extend({
  schema: z.literal(CAPTURE_SCHEMA),
  /** What was captured: the visible area, the whole page, one element, or a drawn region. */
  captureMode: z.enum(['visible', 'full-page', 'element', 'region']),
  /** How the image was made: one screenshot, scrolled screenshots stitched, a crop of one, or rendered from the DOM. */
  method: z.enum(['screenshot', 'scroll-stitch', 'crop', 'html2canvas']),
  /** Number of screenshots the image was made from (0 when rendered from the DOM). */
  frames: z.number().int().nonnegative(),
  /** For element and region captures: the selector used (if any) and the area, in CSS px of the page. */
  target: z.strictObject({ selector: z.string().optional(), rect }).optional(),
  /**
   * Full page: what was scrolled and stitched (`document`; a pane's CSS selector, for app shells
   * whose document does not scroll; or `none`, when nothing scrolls and the image is the viewport),
   * and why it was chosen. Absent in records written before ProofTrail 0.5.
   */
  scroller: z.strictObject({ element: z.string().min(1), reason: z.string().min(1) }).optional(),
  /** Areas blacked out in the stored image (image pixels), each with the rule behind it. */
  redactions: z.array(
    rect.extend({
      rule: z.enum(['password-field', 'selector', 'text-pattern', 'manual']),
      detail: z.string(),
    }),
  ),
  /**
   * Names of the URL query and fragment parameters whose values were replaced by `[redacted]` in
   * `pageUrl` (names that look secret: token, session, key…), once each; absent when none were.
   */
  urlRedactions: z.array(z.string().min(1)).min(1).optional(),
  /** The evidence strip below the image, when on: its height and the SHA-256 of the RGBA pixels above it. */
  banner: z.strictObject({ height: z.number().int().positive(), contentPixelsSha256: sha256 }).optional(),
  /** The page's visible text (redacted), stored as a file beside the image. */
  pageText: z.strictObject({ byteLength: z.number().int().nonnegative(), sha256 }).optional(),
  /** A snapshot of the page (MHTML in Chromium, serialized HTML elsewhere), or why there is none. */
  pageSnapshot: z
    .strictObject({
      format: z.enum(['mhtml', 'html']),
      mediaType: z.string(),
      byteLength: z.number().int().nonnegative(),
      sha256,
    })
    .optional(),
  pageSnapshotOmitted: z.string().optional(),
  /**
   * A third clock, the page server's claim: its HTTP Date (one-second resolution), and server time
   * minus local capture time in ms. `origin-head`: a HEAD request without credentials to the root
   * of the page's origin; `head-request` (earlier records): a HEAD request to the page's address.
   * Absent, with `serverClockUnavailable` saying why, when the server did not tell.
   */
  serverClock: z
    .strictObject({
      date: z.string(),
      skewMs: z.number(),
      source: z.enum(['origin-head', 'head-request']),
    })
    .optional(),
  serverClockUnavailable: z.string().optional(),
  /**
   * When the activity shown happened, as the capturer stated it (a local date, YYYY-MM-DD), e.g. a
   * review done on 30 June and captured on 8 July. Coverage counts the capture in the period of
   * this date; `capturedAt` stays the signed time of the image. Format 7 and later.
   */
  effectiveDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .refine(isDate, 'expected a date that exists')
    .optional(),
  /** Things the capturer and auditor should know (e.g. a page capped at its height limit). */
  notices: z.array(z.string()),
});

/** Any version of a capture record. */
export const captureMetadataSchema = z.discriminatedUnion('schema', [
  captureMetadataV1Schema,
  captureMetadataV2Schema,
]);

/** One capture's metadata, as stored and exported. */
export type CaptureMetadata = z.infer<typeof captureMetadataSchema>;
/** A record as this version writes it. */
export type CaptureMetadataV2 = z.infer<typeof captureMetadataV2Schema>;
/** The fields the metadata hash covers (all but the hash itself). */
export type UnsealedCaptureMetadata = Omit<CaptureMetadataV2, 'metadataSha256'>;
/** A control as tagged on a capture. */
export type TaggedControl = z.infer<typeof taggedControlSchema>;
