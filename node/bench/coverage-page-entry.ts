// Bundled (IIFE, global ProofTrailCoverageBench) by node/bench/coverage-bench.ts and evaluated in
// the extension's library page: it opens the library's own IndexedDB with the library's code.

import { updateCaptureKeys } from '../../lib/db/capture-keys';
import { ProofTrailDb } from '../../lib/db/database';
import { coverageCaptures, frameworkCoverage, saveSchedules } from '../../lib/db/schedules-repo';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { AuditPeriodSetting, ControlSchedule } from '../../lib/formats/schedule';

/** Stores records (and, when given, schedules and audit periods) in the library's database. */
export async function seed(
  records: CaptureMetadata[],
  schedules: ControlSchedule[] = [],
  periods: AuditPeriodSetting[] = [],
): Promise<number> {
  const db = new ProofTrailDb();
  try {
    // As the library stores them: each record with its key row (lib/db/capture-keys.ts).
    await db.transaction('rw', db.captures, db.captureKeys, async () => {
      await db.captures.bulkPut(records);
      await updateCaptureKeys(db, { add: records });
    });
    if (schedules.length || periods.length) await saveSchedules(db, schedules, periods);
    return db.captures.count();
  } finally {
    db.close();
  }
}

/**
 * One timed coverage as the library computes it: every capture record read from IndexedDB, then
 * computeCoverage per framework with schedules and an audit period (frameworkCoverage).
 */
export async function timeCoverage(
  asOf: number,
): Promise<{ ms: number; readMs: number; rawReadMs: number; cells: number; counted: number }> {
  const db = new ProofTrailDb();
  try {
    await db.open();
    // The read alone first (not counted in ms): how much of the whole is IndexedDB.
    const r0 = performance.now();
    await coverageCaptures(db);
    const readMs = performance.now() - r0;
    // The floor for that read: one getAll on the key store with the bare IndexedDB API, no Dexie.
    const idb = db.backendDB();
    const g0 = performance.now();
    await new Promise<unknown[]>((resolve, reject) => {
      const req = idb.transaction('captureKeys').objectStore('captureKeys').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rawReadMs = performance.now() - g0;
    const t0 = performance.now();
    const { coverage } = await frameworkCoverage(db, asOf);
    const ms = performance.now() - t0;
    let cells = 0;
    let counted = 0;
    for (const f of coverage)
      for (const c of f.controls) {
        cells += c.periods.length;
        for (const p of c.periods) counted += p.captureIds.length;
      }
    return { ms, readMs, rawReadMs, cells, counted };
  } finally {
    db.close();
  }
}

/** Empties the library's capture records (the bench's profile is its own, thrown away after). */
export async function clear(): Promise<void> {
  const db = new ProofTrailDb();
  try {
    await db.transaction('rw', db.captures, db.captureKeys, async () => {
      await db.captures.clear();
      await db.captureKeys.clear();
    });
  } finally {
    db.close();
  }
}
