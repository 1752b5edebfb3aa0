import {
  AUDITOR_README_PATH,
  CAPTURES_DIR,
  CONTROL_INDEX_NAME,
  COVERAGE_CSV_PATH,
  CSV_PATH,
  INDEX_PATH,
  LEDGER_PATH,
  MANIFEST_SCHEMA_PATH,
  OSCAL_PATH,
  PUBLIC_KEY_PATH,
  SHA256SUMS_PATH,
  TSA_CHAIN_PATH,
  VIEWER_PATH,
} from '../formats/bundle-paths';
import type { BundleLayout, FileRole as Role } from '../formats/manifest';
import { REQUESTS_CSV_PATH } from '../requests/request-paths';

const fixed: Record<string, Role> = {
  [LEDGER_PATH]: 'ledger',
  [PUBLIC_KEY_PATH]: 'public-key',
  'deletions.json': 'deletions',
  [TSA_CHAIN_PATH]: 'tsa-chain',
  [AUDITOR_README_PATH]: 'readme',
  [VIEWER_PATH]: 'viewer',
  [INDEX_PATH]: 'report',
  [CSV_PATH]: 'csv',
  [OSCAL_PATH]: 'oscal',
  [MANIFEST_SCHEMA_PATH]: 'schema',
  [COVERAGE_CSV_PATH]: 'coverage',
  [SHA256SUMS_PATH]: 'checksums',
};

/** Roles that only bundles of this format or later may hold (a format-6 bundle has no coverage.csv). */
export const ROLE_SINCE_FORMAT: Partial<Record<Role, number>> = {
  coverage: 7,
  'control-index': 8,
  checksums: 9,
};

/** Why a file of this role cannot be in a bundle of this format, or undefined when it can. */
export function roleTooNew(role: Role, formatVersion: number): string | undefined {
  const since = ROLE_SINCE_FORMAT[role];
  return since !== undefined && formatVersion < since
    ? `is a ${role} file, which only bundles of format ${since} or later hold (this one is format ${formatVersion})`
    : undefined;
}

const byExtension = {
  png: 'image',
  json: 'metadata',
  txt: 'page-text',
  mhtml: 'page-snapshot',
  html: 'page-snapshot',
} as const;

/**
 * What a bundle path must be, from its name alone. The verifier trusts this, not the role the
 * manifest claims, so a forged manifest cannot hide a capture record as an "image".
 */
export function roleOfPath(
  path: string,
  legacyLayout = false,
  formatVersion = 0,
  layout: BundleLayout = 'per-control',
): Role | undefined {
  const known = fixed[path];
  if (known) return known;
  const writeOnce = layout === 'write-once';
  // Format 8, write-once: each capture's files once under captures/, each control folder its index.
  if (writeOnce && new RegExp(`^${CAPTURES_DIR}/[^/]+$`).test(path)) return captureFileRole(path);
  if (writeOnce && /^controls\/[^/]+\/[^/]+$/.test(path))
    return path.endsWith(`/${CONTROL_INDEX_NAME}`) ? 'control-index' : undefined;
  // Format 7, a request's bundle: requests.csv, and copies of captures under requests/<request>/<sample>/.
  if (!writeOnce && formatVersion >= 7 && path === REQUESTS_CSV_PATH) return 'csv';
  if (!writeOnce && formatVersion >= 7 && /^requests\/[^/]+\/[^/]+\/[^/]+$/.test(path))
    return captureFileRole(path);
  const signer = /^signers\/[A-Za-z0-9_-]{16}\/(.+)$/.exec(path);
  const inLedger = signer ? signer[1]! : path;
  if (signer && inLedger === LEDGER_PATH) return 'ledger';
  if (signer && inLedger === PUBLIC_KEY_PATH) return 'public-key';
  if (/^ledger\/\d{6}\.json$/.test(inLedger)) return 'ledger-entry';
  if (/^ledger\/\d{6}(\.\d+)?\.tsr$/.test(inLedger)) return 'timestamp';
  if (signer || writeOnce) return undefined;
  // Formats 4–5: controls/<control>/<name>.<ext>; formats 1–3: <control>/<name>.<ext>.
  const inControls = /^controls\/[^/]+\/[^/]+$/.test(path) || (legacyLayout && /^[^/]+\/[^/]+$/.test(path));
  if (!inControls || /^(ledger|signers|oscal|schemas)\//.test(path)) return undefined;
  return captureFileRole(path);
}

/**
 * Why a path that has no role cannot be in this bundle, when its layout explains it (a manifest
 * whose `layout` does not match its paths); otherwise the general answer.
 */
export function whyNoRole(path: string, formatVersion: number | undefined, layout: BundleLayout): string {
  const general = 'is not a file a ProofTrail bundle contains';
  if (layout !== 'write-once' && path.startsWith(`${CAPTURES_DIR}/`))
    return `${general}: captures/ belongs to the write-once layout (format 8 or later, layout write-once), and this manifest says format ${formatVersion ?? '?'}, layout per-control`;
  if (layout === 'write-once' && /^controls\/[^/]+\/[^/]+$/.test(path))
    return `${general}: the manifest says layout write-once, whose control folders hold only ${CONTROL_INDEX_NAME} (each capture's files are under captures/)`;
  if (layout === 'write-once' && /^controls\//.test(path)) return general;
  if (layout === 'write-once' && path.startsWith('requests'))
    return `${general}: a write-once bundle holds no request folders`;
  return general;
}

/** The role of a capture's file in a capture folder, from its extension. */
function captureFileRole(path: string): Role | undefined {
  if (/\.thumb\.(png|webp|jpg)$/.test(path)) return 'thumbnail';
  const m = /\.(png|json|txt|mhtml|html)$/.exec(path);
  return m ? byExtension[m[1] as keyof typeof byExtension] : undefined;
}

/** The capture record a capture's other files sit beside (`x.png`, `x.thumb.webp` → `x.json`). */
export function recordPathOf(path: string): string {
  return path.replace(/\.thumb\.[a-z]+$/, '.json').replace(/\.[a-z]+$/, '.json');
}

/** The signer folder a ledger file belongs to: `""` or `signers/<id>/`. */
export function signerFolderOf(path: string): string {
  return /^signers\/[A-Za-z0-9_-]{16}\//.exec(path)?.[0] ?? '';
}
