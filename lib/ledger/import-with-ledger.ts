import type { Control } from '../catalog/types';
import { importCustomControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import type { Identity } from '../db/types';
import { canonicalSha256 } from '../integrity/canonical';
import { commitWithLedger } from './commit';
import { importDraft } from './drafts';

/**
 * Imports a custom catalog and records the import in the ledger: the catalog's hash and its size,
 * never its file name or frameworks (docs/ledger-format.md).
 */
export async function importCatalogWithLedger(db: ProofTrailDb, controls: readonly Control[], by: Identity) {
  const { result } = await commitWithLedger(
    db,
    importDraft({ catalog: await canonicalSha256(controls) }, { count: controls.length }, by),
    [db.customControls],
    () => importCustomControls(db, controls),
  );
  return result;
}
