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
    'thumbnail',
    'report',
    'csv',
    'oscal',
    'schema',
  ]),
  /** The capture it belongs to, for images and metadata. */
  captureId: z.string().optional(),
});

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO-8601 time');

/** Format 4's scope: captures matching every filter given (see scope-types.ts). */
export const selectionScopeSchema = z.object({
  kind: z.literal('selection'),
  controlIds: z.array(z.string().min(1)).optional(),
  frameworks: z.array(z.string().min(1)).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  capturers: z.array(z.string().min(1)).optional(),
});

/** The exported scope: every capture or one control (formats 1–3), or a selection (format 4). */
export const bundleScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('control'), controlId: z.string().min(1) }),
  selectionScopeSchema,
]);

/**
 * A key whose signed ledger the bundle carries (format 4). The exporter's own ledger is at the
 * root (`folder` ""); ledgers imported from teammates' bundles are under `signers/<id>/`.
 */
export const signerSchema = z.object({
  fingerprint: z.string().min(1),
  /** `""` or `signers/<first 16 characters of the fingerprint>/`. */
  folder: z.string().regex(/^(signers\/[A-Za-z0-9_-]{16}\/)?$/, 'expected "" or signers/<16 characters>/'),
  /**
   * For imported ledgers: the scopes of the bundles they came in. Only entries inside one of them
   * (and inside the bundle's own scope) must have their evidence in the bundle.
   */
  coverage: z.array(selectionScopeSchema.extend({ throughSeq: z.number().int().positive() })).optional(),
});

/** The root document of a bundle: lists every other file with its SHA-256 and size. */
export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(BUNDLE_FORMAT_VERSION)]),
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
  /** Format 4: every signed ledger in the bundle. */
  signers: z.array(signerSchema).optional(),
});

export type BundleManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type BundleScope = z.infer<typeof bundleScopeSchema>;
export type BundleSigner = z.infer<typeof signerSchema>;
