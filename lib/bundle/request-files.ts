import type { ProofTrailDb } from '../db/database';
import type { AuditRequestRow, RequestLinkRow } from '../db/period-types';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { ManifestFile } from '../formats/manifest';
import { requestSubfolder } from '../requests/request-paths';
import type { RequestProgress } from '../requests/request-progress';
import { requestsCsv } from '../requests/requests-csv';
import { progressOf, RequestError } from '../requests/requests-repo';
import { addCaptureFilesIn, type StoredCaptureFiles } from './capture-files';
import type { CapturePaths } from './capture-paths';
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

  /** The folder of a capture's copy in the request's part, or undefined when it is not linked to it. */
  folderOf(captureId: string): string | undefined {
    const link = this.links.get(captureId);
    return link ? requestSubfolder(this.request.id, link) : undefined;
  }

  /** Notes where a linked capture's copy is named (its planned paths), for requests.csv. */
  planned(captureId: string, paths: CapturePaths): void {
    this.imagePaths.set(captureId, paths.image);
  }

  /** Writes the request's copy of a capture under its planned names. */
  add(
    zip: ZipWriter,
    capture: CaptureMetadata,
    stored: StoredCaptureFiles,
    paths: CapturePaths,
  ): Promise<ManifestFile[]> {
    return addCaptureFilesIn(zip, capture, stored, paths);
  }

  /** requests.csv, once every capture's copy is planned. */
  csv(): string {
    return requestsCsv(this.request, this.progress, (id) => this.imagePaths.get(id));
  }
}
