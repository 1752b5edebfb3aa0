import type { ProofTrailDb } from '../db/database';
import {
  type AuditRequestRow,
  REQUEST_STATUSES,
  type RequestLinkRow,
  type RequestStatus,
} from '../db/period-types';
import type { ParsedRequest } from './parse-request-list';
import { requestProgress } from './request-progress';

/** A refusal meant for the user: the message says what and why; nothing was stored. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Every request, in ID order. */
export function listRequests(db: ProofTrailDb): Promise<AuditRequestRow[]> {
  return db.requests.orderBy('id').toArray();
}

/** Every link of a request. */
export function linksOf(db: ProofTrailDb, requestId: string): Promise<RequestLinkRow[]> {
  return db.requestLinks.where('requestId').equals(requestId).toArray();
}

/**
 * Stores a parsed request list in one transaction. A request ID already stored is updated (its
 * controls, title, description, owner, due date and samples) and keeps its links and status, except
 * that a `ready` request given a sample without a capture goes back to `in-progress`. A re-import
 * that would drop a sample some capture fulfils is refused whole, naming the line.
 */
export async function importRequests(
  db: ProofTrailDb,
  requests: readonly ParsedRequest[],
  file: string,
  now = new Date(),
): Promise<{ added: number; updated: number }> {
  const importedAt = now.toISOString();
  return db.transaction('rw', [db.requests, db.requestLinks, db.captures], async () => {
    const problems: string[] = [];
    const rows: AuditRequestRow[] = [];
    let updated = 0;
    for (const r of requests) {
      const old = await db.requests.get(r.id);
      const row: AuditRequestRow = {
        id: r.id,
        controlIds: r.controlIds,
        ...(r.title ? { title: r.title } : {}),
        description: r.description,
        ...(r.owner ? { owner: r.owner } : {}),
        ...(r.due ? { due: r.due } : {}),
        samples: r.samples,
        status: old?.status ?? 'open',
        importedAt,
        source: { file, line: r.line },
      };
      if (old) {
        updated++;
        const links = await linksOf(db, r.id);
        const kept = new Set(r.samples.map((s) => s.id));
        const dropped = [
          ...new Set(links.flatMap((l) => (l.sampleId && !kept.has(l.sampleId) ? [l.sampleId] : []))),
        ];
        if (dropped.length)
          problems.push(
            `line ${r.line} (request ${r.id}): sample ${dropped.join(', ')} is no longer listed, but captures fulfil it; unlink them first or keep the sample`,
          );
        if (row.status === 'ready') {
          const ids = new Set(
            (await db.captures.bulkGet(links.map((l) => l.captureId))).flatMap((c) => (c ? [c.id] : [])),
          );
          if (requestProgress(row, links, (id) => ids.has(id)).notReady) row.status = 'in-progress';
        }
      }
      rows.push(row);
    }
    if (problems.length)
      throw new RequestError('The request list was not imported; nothing was changed.', problems);
    await db.requests.bulkPut(rows);
    return { added: rows.length - updated, updated };
  });
}

/** The fulfilment a capture asks for: a request, and one of its samples or its population. */
export interface Fulfilment {
  request?: string;
  sample?: string;
  population?: boolean;
}

/**
 * Checks a fulfilment before anything is captured: the request exists, the sample is one of its
 * samples, and a sample and the population are not both asked for. Returns the request.
 */
export async function checkFulfilment(db: ProofTrailDb, f: Fulfilment): Promise<AuditRequestRow | undefined> {
  if (f.request === undefined) {
    if (f.sample !== undefined || f.population)
      throw new RequestError('A sample or the population can be fulfilled only with a request named.');
    return undefined;
  }
  const request = await db.requests.get(f.request);
  if (!request)
    throw new RequestError(
      `There is no request "${f.request}" in the library; import the request list first.`,
    );
  if (f.sample !== undefined && f.population)
    throw new RequestError('A capture is either one sample of a request or its population, not both.');
  if (f.sample !== undefined && !request.samples.some((s) => s.id === f.sample))
    throw new RequestError(
      `Request ${request.id} has no sample "${f.sample}"${request.samples.length ? ` (its samples: ${request.samples.map((s) => s.id).join(', ')})` : ' (it has no samples)'}.`,
    );
  return request;
}

/**
 * Puts a stored capture forward for a request (a sample of it, or its population), replacing any
 * earlier link of that capture to that request. An `open` request becomes `in-progress`.
 */
export async function linkCapture(
  db: ProofTrailDb,
  link: { captureId: string; requestId: string; sampleId?: string; population?: boolean },
  now = new Date(),
): Promise<RequestLinkRow> {
  return db.transaction('rw', [db.requests, db.requestLinks, db.captures], async () => {
    const request = await checkFulfilment(db, {
      request: link.requestId,
      sample: link.sampleId,
      population: link.population,
    });
    if (!(await db.captures.get(link.captureId)))
      throw new RequestError(`There is no capture ${link.captureId} in the library.`);
    const row: RequestLinkRow = {
      captureId: link.captureId,
      requestId: link.requestId,
      ...(link.sampleId !== undefined ? { sampleId: link.sampleId } : {}),
      population: !!link.population,
      linkedAt: now.toISOString(),
    };
    await db.requestLinks.put(row);
    if (request?.status === 'open') await db.requests.update(request.id, { status: 'in-progress' });
    return row;
  });
}

/** Takes a capture off a request; a ready or submitted request no longer complete goes back to in progress. */
export async function unlinkCapture(db: ProofTrailDb, captureId: string, requestId: string): Promise<void> {
  await db.transaction('rw', [db.requests, db.requestLinks, db.captures], async () => {
    await db.requestLinks.delete([captureId, requestId]);
    const request = await db.requests.get(requestId);
    if (!request || (request.status !== 'ready' && request.status !== 'submitted')) return;
    if ((await progressOf(db, request)).notReady)
      await db.requests.update(requestId, { status: 'in-progress' });
  });
}

/** A request's progress from the database (links to deleted captures not counted). */
export async function progressOf(db: ProofTrailDb, request: AuditRequestRow) {
  const links = await linksOf(db, request.id);
  const stored = await db.captures.bulkGet(links.map((l) => l.captureId));
  const ids = new Set(stored.flatMap((c) => (c ? [c.id] : [])));
  return requestProgress(request, links, (id) => ids.has(id));
}

/**
 * Sets a request's status. `ready` and `submitted` need every sample captured (or, for a request
 * without samples, at least one capture); otherwise the refusal says which samples are missing.
 */
export async function setRequestStatus(db: ProofTrailDb, requestId: string, status: RequestStatus) {
  if (!REQUEST_STATUSES.includes(status))
    throw new RequestError(`"${status}" is not a request status (${REQUEST_STATUSES.join(', ')}).`);
  await db.transaction('rw', [db.requests, db.requestLinks, db.captures], async () => {
    const request = await db.requests.get(requestId);
    if (!request) throw new RequestError(`There is no request "${requestId}" in the library.`);
    if (status === 'ready' || status === 'submitted') {
      const { notReady } = await progressOf(db, request);
      if (notReady) throw new RequestError(`Request ${requestId} cannot be ${status}: ${notReady}.`);
    }
    await db.requests.update(requestId, { status });
  });
}
