import type { Control } from '../catalog/types';
import { importCustomControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import type { Identity } from '../db/types';
import { canonicalSha256 } from '../integrity/canonical';
import { commitWithLedger } from './commit';

/** Imports a custom catalog and records the import, with the catalog's hash, in the ledger. */
export async function importCatalogWithLedger(
  db: ProofTrailDb,
  controls: readonly Control[],
  by: Identity,
  fileName: string,
) {
  const frameworks = [...new Set(controls.map((c) => c.framework))];
  const { result } = await commitWithLedger(
    db,
    {
      type: 'import',
      subject: frameworks.join(', '),
      artifacts: { catalog: await canonicalSha256(controls) },
      content: { fileName, frameworks, count: controls.length },
      actor: by,
    },
    [db.customControls],
    () => importCustomControls(db, controls),
  );
  return result;
}
