import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_LAYOUTS,
  type BundleLayout,
  CHECKSUMS_BUNDLE_VERSION,
  MANIFEST_PATH,
  READABLE_BUNDLE_VERSIONS,
  SIGNED_BUNDLE_VERSIONS,
  UNSIGNED_BUNDLE_VERSIONS,
  WRITE_ONCE_BUNDLE_VERSION,
} from './schema-ids';
import { z } from './zod';

export {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_LAYOUTS,
  type BundleLayout,
  CHECKSUMS_BUNDLE_VERSION,
  MANIFEST_PATH,
  READABLE_BUNDLE_VERSIONS,
  UNSIGNED_BUNDLE_VERSIONS,
  WRITE_ONCE_BUNDLE_VERSION,
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** What a file is, so a reader need not guess from the name (the verifier checks it against the path). */
export const fileRoleSchema = z.enum([
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
  /** Format 7: coverage.csv. */
  'coverage',
]);

/** One file of the bundle, with the hash and size it must have. */
export const manifestFileSchema = z.strictObject({
  /** Path inside the ZIP, `/`-separated. */
  path: z.string().min(1),
  /** SHA-256 (lower-case hex) of the file's bytes. */
  sha256,
  /** Size of the file in bytes. */
  size: z.number().int().nonnegative(),
  /** What the file is (see the path-to-role table in docs/bundle-format.md). */
  role: fileRoleSchema,
  /** The capture the file belongs to, for a capture's files. */
  captureId: z.string().optional(),
});

const isoTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/,
    'expected UTC ISO-8601, e.g. 2026-01-01T00:00:00.000Z',
  );

/** Format 4's and 5's scope: captures matching every filter given (see scope-types.ts). */
export const selectionScopeSchema = z.strictObject({
  kind: z.literal('selection'),
  /** Control IDs selected (frameworks already folded in); absent: every control. Never empty. */
  controlIds: z.array(z.string().min(1)).min(1).optional(),
  /** Framework names picked, for labels only. */
  frameworks: z.array(z.string().min(1)).optional(),
  /** Captured at or after this instant (inclusive). */
  from: isoTime.optional(),
  /** Captured before this instant (exclusive). */
  to: isoTime.optional(),
  /** Capturers' e-mail addresses, compared without case; absent: everyone. Never empty. */
  capturers: z.array(z.string().min(1)).min(1).optional(),
  /** Format 7, a request's bundle: the auditor's request ID, for labels (docs/requests-format.md). */
  request: z.string().min(1).optional(),
  /** Format 7: only these captures are selected (a request's linked captures). Never empty. */
  captureIds: z.array(z.string().min(1)).min(1).optional(),
});

/** An imported ledger's coverage: a scope, up to the last entry its ledger held then. */
export const coverageSchema = selectionScopeSchema.extend({ throughSeq: z.number().int().positive() });

/**
 * A key whose signed ledger the bundle carries. The exporter's own ledger is at the root
 * (`folder` ""); ledgers imported from teammates' bundles are under `signers/<id>/`.
 */
export const signerSchema = z.strictObject({
  /** RFC 7638 thumbprint of the key (base64url of SHA-256). */
  fingerprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected an RFC 7638 SHA-256 thumbprint'),
  /** `""` or `signers/<first 16 characters of the fingerprint>/`. */
  folder: z.string().regex(/^(signers\/[A-Za-z0-9_-]{16}\/)?$/, 'expected "" or signers/<16 characters>/'),
  /**
   * Exporter's ledger only: its last entry when the export was planned. Every capture and deletion
   * entry up to it that the scope selects has its evidence in the bundle.
   */
  throughSeq: z.number().int().nonnegative().optional(),
  /**
   * Imported ledgers: the scopes of the bundles they came in. Only entries inside one of them (and
   * inside the bundle's own scope) must have their evidence in the bundle.
   */
  coverage: z.array(coverageSchema).optional(),
});

/**
 * The root document of a signed bundle (format 5 or 6: the same fields; 6 may hold version-2 ledger
 * entries); the exporter's `export` ledger entry signs its bytes.
 */
export const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.union(SIGNED_BUNDLE_VERSIONS.map((v) => z.literal(v))),
  /** When the bundle was written, UTC ISO-8601 with ms. */
  exportedAt: isoTime,
  /** ProofTrail version that wrote it. */
  extensionVersion: z.string().min(1),
  /** Who exported it (from settings), if known. */
  exportedBy: z.strictObject({ name: z.string(), email: z.string() }).optional(),
  /** Which evidence the bundle holds. */
  scope: selectionScopeSchema,
  /** Number of distinct captures in the bundle. */
  captureCount: z.number().int().nonnegative(),
  /** Number of deletion records in deletions.json. */
  deletionCount: z.number().int().nonnegative(),
  /** Every file but manifest.json and the exporter's ledger files written after signing. */
  files: z.array(manifestFileSchema),
  /** Every signed ledger in the bundle, the exporter's first. */
  signers: z.array(signerSchema).min(1),
});

/** Format 8: the roles of format 7 and `control-index`, a control folder's `captures.csv`. */
export const fileRoleSchemaV8 = z.enum([...fileRoleSchema.options, 'control-index']);

/** Format 8: a file entry, whose role may be `control-index`. */
export const manifestFileSchemaV8 = manifestFileSchema.extend({ role: fileRoleSchemaV8 });

/**
 * Format 8 (docs/bundle-format.md, Layouts): format 7's fields, and `layout`. Format 5–7 manifests
 * keep their own schema (above), so a per-control export is still format 7, byte for byte.
 */
export const manifestSchemaV8 = z.strictObject({
  ...manifestSchema.shape,
  formatVersion: z.literal(WRITE_ONCE_BUNDLE_VERSION),
  /**
   * Format 8: where a capture's files are. `write-once`: once under `captures/`, each control
   * folder holding only its index `captures.csv`; `per-control`: format 7's copies per control.
   */
  layout: z.enum(BUNDLE_LAYOUTS),
  files: z.array(manifestFileSchemaV8),
});

/** Format 9: the roles of format 8 and `checksums`, the bundle's `SHA256SUMS`. */
export const fileRoleSchemaV9 = z.enum([...fileRoleSchemaV8.options, 'checksums']);

/** Format 9: a file entry, whose role may be `checksums`. */
export const manifestFileSchemaV9 = manifestFileSchema.extend({ role: fileRoleSchemaV9 });

/**
 * Format 9 (docs/bundle-format.md, SHA256SUMS): format 8's fields, `layout` written for either
 * layout, and `SHA256SUMS` among the files. Earlier manifests keep their own schemas.
 */
export const manifestSchemaV9 = z.strictObject({
  ...manifestSchemaV8.shape,
  formatVersion: z.literal(CHECKSUMS_BUNDLE_VERSION),
  files: z.array(manifestFileSchemaV9),
});

/**
 * Manifests of formats 1–4, read only for `--allow-unsigned`: nothing signs them, so they are
 * checked for their file hashes alone.
 */
export const legacyManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  exportedAt: z.string(),
  extensionVersion: z.string(),
  exportedBy: z.object({ name: z.string(), email: z.string() }).optional(),
  captureCount: z.number().int().nonnegative(),
  files: z.array(
    z.object({
      path: z.string().min(1),
      sha256,
      size: z.number().int().nonnegative(),
      role: fileRoleSchema,
    }),
  ),
});

/** A signed bundle's manifest: format 5–7, or format 8 or 9 with its layout. */
export type BundleManifest =
  | (Omit<z.infer<typeof manifestSchema>, 'files'> & { files: ManifestFile[] })
  | (Omit<z.infer<typeof manifestSchemaV8>, 'files'> & { files: ManifestFile[] })
  | z.infer<typeof manifestSchemaV9>;
export type LegacyManifest = z.infer<typeof legacyManifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchemaV9>;
export type BundleSigner = z.infer<typeof signerSchema>;
export type FileRole = z.infer<typeof fileRoleSchemaV9>;

/** A manifest before its files are all known (the exporter's ledger files are added when signing). */
export type ManifestWithoutFiles = BundleManifest extends infer M
  ? M extends BundleManifest
    ? Omit<M, 'files'>
    : never
  : never;

/** Where a bundle's capture files are: a format-8 or later manifest says; every earlier one is per-control. */
export function layoutOf(manifest: { formatVersion?: number; layout?: BundleLayout }): BundleLayout {
  return (manifest.formatVersion ?? 0) >= WRITE_ONCE_BUNDLE_VERSION && manifest.layout
    ? manifest.layout
    : 'per-control';
}
