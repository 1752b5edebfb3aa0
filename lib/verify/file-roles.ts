import type { ManifestFile } from '../formats/manifest';
import { LEDGER_PATH, PUBLIC_KEY_PATH } from '../formats/public-key';

/**
 * What a bundle path must be, from its name alone. The verifier trusts this, not the role the
 * manifest claims, so a forged manifest cannot hide a capture record as an "image".
 */
export function roleOfPath(path: string): ManifestFile['role'] | undefined {
  if (path === LEDGER_PATH) return 'ledger';
  if (path === PUBLIC_KEY_PATH) return 'public-key';
  if (path === 'deletions.json') return 'deletions';
  if (/^ledger\/\d{6}\.json$/.test(path)) return 'ledger-entry';
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
