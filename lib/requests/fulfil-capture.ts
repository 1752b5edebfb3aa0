import type { ProofTrailDb } from '../db/database';
import { checkFulfilment, type Fulfilment, linkCapture, RequestError } from './requests-repo';

/**
 * Runs a capture that fulfils a request: the request (and its sample) are checked before
 * anything is captured, and the link is written right after the capture is committed, so nothing
 * links to a capture that was not saved. Without a request the capture runs as it is.
 */
export async function fulfilAround<T extends { id: string }>(
  db: ProofTrailDb,
  f: Fulfilment,
  capture: () => Promise<T>,
): Promise<T> {
  await checkFulfilment(db, f);
  const record = await capture();
  if (f.request === undefined) return record;
  try {
    await linkCapture(db, {
      captureId: record.id,
      requestId: f.request,
      sampleId: f.sample,
      population: f.population,
    });
  } catch (e) {
    throw new RequestError(
      `The capture was saved, but it could not be put forward for request ${f.request}: ${e instanceof Error ? e.message : String(e)} Link it from the library's Requests view.`,
    );
  }
  return record;
}
