import type { ProofTrailDb } from '../db/database';
import type { SelectionScope } from '../formats/scope-types';
import { RequestError } from './requests-repo';

/**
 * The scope of a request's bundle: the captures linked to it that are still stored. Refused when
 * the request does not exist or nothing fulfils it yet.
 */
export async function requestScope(db: ProofTrailDb, requestId: string): Promise<SelectionScope> {
  const request = await db.requests.get(requestId);
  if (!request) throw new RequestError(`There is no request "${requestId}" in the library.`);
  const links = await db.requestLinks.where('requestId').equals(requestId).toArray();
  const stored = await db.captures.bulkGet(links.map((l) => l.captureId));
  const captureIds = [...new Set(stored.flatMap((c) => (c ? [c.id] : [])))].sort();
  if (!captureIds.length)
    throw new RequestError(`Request ${requestId} has no capture linked yet: nothing to export.`);
  return { kind: 'selection', request: requestId, captureIds };
}
