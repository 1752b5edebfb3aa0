import type { AuditRequestRow, RequestLinkRow, SampleStatus } from '../db/period-types';

/** Where a request stands: each sample's captures, the population's, and whether it is complete. */
export interface RequestProgress {
  samples: { id: string; status: SampleStatus; captureIds: string[] }[];
  /** Captures of the whole population. */
  population: string[];
  /** Captures put forward for the request as a whole (no sample, not the population). */
  whole: string[];
  /** Why the request cannot be ready yet; undefined when every sample (or the request) has a capture. */
  notReady?: string;
}

/**
 * A request's progress from its links. Links to captures that no longer exist (deleted since) are
 * not counted: `exists` says which captures are stored.
 */
export function requestProgress(
  request: Pick<AuditRequestRow, 'samples'>,
  links: readonly RequestLinkRow[],
  exists: (captureId: string) => boolean,
): RequestProgress {
  const live = links.filter((l) => exists(l.captureId));
  const samples = request.samples.map((s) => {
    const captureIds = live.filter((l) => !l.population && l.sampleId === s.id).map((l) => l.captureId);
    return { id: s.id, status: (captureIds.length ? 'captured' : 'open') as SampleStatus, captureIds };
  });
  const population = live.filter((l) => l.population).map((l) => l.captureId);
  const whole = live.filter((l) => !l.population && l.sampleId === undefined).map((l) => l.captureId);
  const open = samples.filter((s) => s.status === 'open').map((s) => s.id);
  let notReady: string | undefined;
  if (open.length)
    notReady = `${open.length === 1 ? 'sample' : 'samples'} ${open.join(', ')} ${open.length === 1 ? 'has' : 'have'} no capture yet`;
  else if (!samples.length && !whole.length && !population.length) notReady = 'no capture fulfils it yet';
  return { samples, population, whole, ...(notReady ? { notReady } : {}) };
}
