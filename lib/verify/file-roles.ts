import {
  AUDITOR_README_PATH,
  LEDGER_PATH,
  PUBLIC_KEY_PATH,
  TSA_CHAIN_PATH,
  VIEWER_PATH,
} from '../formats/bundle-paths';
import type { ManifestFile } from '../formats/manifest';

/**
 * What a bundle path must be, from its name alone. The verifier trusts this, not the role the
 * manifest claims, so a forged manifest cannot hide a capture record as an "image".
 */
export function roleOfPath(path: string): ManifestFile['role'] | undefined {
  if (path === LEDGER_PATH) return 'ledger';
  if (path === PUBLIC_KEY_PATH) return 'public-key';
  if (path === 'deletions.json') return 'deletions';
  if (/^ledger\/\d{6}\.json$/.test(path)) return 'ledger-entry';
  if (/^ledger\/\d{6}(\.\d+)?\.tsr$/.test(path)) return 'timestamp';
  if (path === TSA_CHAIN_PATH) return 'tsa-chain';
  if (path === AUDITOR_README_PATH) return 'readme';
  if (path === VIEWER_PATH) return 'viewer';
  const m = /^[^/]+\/[^/]+\.(png|json|txt|mhtml|html)$/.exec(path);
  if (!m || path.startsWith('ledger/')) return undefined;
  return (
    {
      png: 'image',
      json: 'metadata',
      txt: 'page-text',
      mhtml: 'page-snapshot',
      html: 'page-snapshot',
    } as const
  )[m[1] as 'png'];
}
