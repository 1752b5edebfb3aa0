import type { ProofTrailDb } from '../db/database';
import type { RequestStatus, SampleStatus } from '../db/period-types';
import { listRequests, progressOf } from './requests-repo';

/** A request the popup or panel can offer: still to fulfil, with its samples' states. */
export interface RequestChoice {
  id: string;
  title?: string;
  description: string;
  controlIds: string[];
  status: RequestStatus;
  samples: { id: string; status: SampleStatus }[];
}

/** Requests not yet submitted, in ID order, for a picker. */
export async function requestChoices(db: ProofTrailDb): Promise<RequestChoice[]> {
  const out: RequestChoice[] = [];
  for (const r of await listRequests(db)) {
    if (r.status === 'submitted') continue;
    const progress = await progressOf(db, r);
    out.push({
      id: r.id,
      ...(r.title ? { title: r.title } : {}),
      description: r.description,
      controlIds: r.controlIds,
      status: r.status,
      samples: progress.samples.map((s) => ({ id: s.id, status: s.status })),
    });
  }
  return out;
}
