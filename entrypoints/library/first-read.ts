import { type CaptureKey, readCaptureKeys } from '../../lib/db/capture-keys';
import { listDeletions } from '../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../lib/db/database';
import type { DeletionRecord } from '../../lib/formats/deletion-record';

/** What the library lists: every capture's key and the deletion log. */
export type LibraryRead = [CaptureKey[], DeletionRecord[]];

let early: Promise<LibraryRead> | undefined;

/** Reads what the library lists from the database. */
export function readLibrary(db: ProofTrailDb): Promise<LibraryRead> {
  return Promise.all([readCaptureKeys(db), listDeletions(db)]);
}

/**
 * Starts the page's first read before the page renders (main.tsx, first thing): the database opens
 * and the keys are read while the browser still loads and runs the rest of the page's modules.
 */
export function startFirstRead(db: ProofTrailDb): void {
  early ??= readLibrary(db);
}

/** The first read started early, once (undefined after, or when none was started). */
export function takeFirstRead(): Promise<LibraryRead> | undefined {
  const p = early;
  early = undefined;
  return p;
}
