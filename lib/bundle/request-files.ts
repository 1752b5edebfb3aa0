import type { ProofTrailDb } from '../db/database';
import type { AuditRequestRow, RequestLinkRow } from '../db/period-types';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { ManifestFile } from '../formats/manifest';
import { requestSubfolder } from '../requests/request-paths';
import type { RequestProgress } from '../requests/request-progress';
import { requestsCsv } from '../requests/requests-csv';
import { progressOf, RequestError } from '../requests/requests-repo';
import { addCaptureFilesIn, type StoredCaptureFiles } from './capture-files';
import type { ZipWriter } from './zip-writer';

/**
 * A request's part of its bundle (format 7): a copy of each linked capture's files in
 * `requests/<request>/<sample | population | _request>/`, and requests.csv.
 */
export class RequestFiles {
  private readonly imagePaths = new Map<string, string>();

  private constructor(
    private readonly request: AuditRequestRow,
    private readonly links: Map<string, RequestLinkRow>,
    private readonly progress: RequestProgress,
  ) {}

  static async load(db: ProofTrailDb, requestId: string): Promise<RequestFiles> {
    const request = await db.requests.get(requestId);
    if (!request) throw new RequestError(`There is no request "${requestId}" in the library.`);
    const links = await db.requestLinks.where('requestId').equals(requestId).toArray();
    return new RequestFiles(
      request,
      new Map(links.map((l) => [l.captureId, l])),
      await progressOf(db, request),
    );
  }

  /** Writes the request's copy of a capture (none when the capture is not linked to it). */
  async add(
    zip: ZipWriter,
    capture: CaptureMetadata,
    stored: StoredCaptureFiles,
    used: Map<string, Set<string>>,
  ): Promise<ManifestFile[]> {
    const link = this.links.get(capture.id);
    if (!link) return [];
    const folder = requestSubfolder(this.request.id, link);
    const filed = await addCaptureFilesIn(zip, capture, stored, folder, used);
    this.imagePaths.set(capture.id, filed.paths.image);
    return filed.files;
  }

  /** requests.csv, once every capture is written. */
  csv(): string {
    return requestsCsv(this.request, this.progress, (id) => this.imagePaths.get(id));
  }
}
