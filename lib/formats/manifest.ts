import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_PATH, READABLE_BUNDLE_VERSIONS } from './schema-ids';
import { z } from './zod';

export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_PATH, READABLE_BUNDLE_VERSIONS };

/** One file of the bundle, with the hash and size it must have. */
export const manifestFileSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits'),
  size: z.number().int().nonnegative(),
  /** What the file is, so a reader need not guess from the name. */
  role: z.enum([
    'image',
    'metadata',
    'deletions',
    'page-text',
    'page-snapshot',
    'ledger',
    'ledger-entry',
    'public-key',
    'timestamp',
    'tsa-chain',
    'readme',
    'viewer',
  ]),
  /** The capture it belongs to, for images and metadata. */
  captureId: z.string().optional(),
});

/** The exported scope: every capture, or the captures of one control. */
export const bundleScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('control'), controlId: z.string().min(1) }),
]);

/** The root document of a bundle: lists every other file with its SHA-256 and size. */
export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(BUNDLE_FORMAT_VERSION)]),
  /** When the bundle was written, UTC ISO-8601 with ms. */
  exportedAt: z.string(),
  /** ProofTrail version that wrote it. */
  extensionVersion: z.string(),
  /** Who exported it (from settings), if known. */
  exportedBy: z.object({ name: z.string(), email: z.string() }).optional(),
  scope: bundleScopeSchema,
  /** Number of distinct captures in the bundle. */
  captureCount: z.number().int().nonnegative(),
  files: z.array(manifestFileSchema),
});

export type BundleManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type BundleScope = z.infer<typeof bundleScopeSchema>;
