import { resetPushPlan } from '../store/plan-push';
import {
  type StoreSettings,
  type StoreSettingsInput,
  type StoreSettingsView,
  sameStore,
  storeSettingsSchema,
  validateStoreSettings,
  viewOf,
} from '../store/store-settings';
import type { ProofTrailDb } from './database';

const KEY = 'teamStore';

/** The saved connection, secret included: for the code that signs requests, never for display. */
export async function getStoreSettings(db: ProofTrailDb): Promise<StoreSettings | undefined> {
  const row = await db.settings.get(KEY);
  if (!row) return undefined;
  const parsed = storeSettingsSchema.safeParse(row.value);
  return parsed.success ? parsed.data : undefined;
}

/** What Settings shows: no secret, the key id's last four characters. */
export async function getStoreSettingsView(db: ProofTrailDb): Promise<StoreSettingsView | undefined> {
  const settings = await getStoreSettings(db);
  return settings && viewOf(settings);
}

/** Validates and saves; nothing is stored when anything is wrong. */
export async function saveStoreSettings(
  db: ProofTrailDb,
  input: StoreSettingsInput,
): Promise<{ ok: true; view: StoreSettingsView } | { ok: false; problems: string[] }> {
  const previous = await getStoreSettings(db);
  const result = validateStoreSettings(input, previous);
  if ('problems' in result) return { ok: false, problems: result.problems };
  await db.transaction('rw', db.settings, db.storeObjects, async () => {
    // Another bucket or prefix: everything is sent there again from the start.
    if (previous && !sameStore(previous, result.settings)) await resetPushPlan(db);
    await db.settings.put({ key: KEY, value: result.settings });
  });
  return { ok: true, view: viewOf(result.settings) };
}

/** Forgets the connection and its credentials (nothing in the store is touched). */
export async function removeStoreSettings(db: ProofTrailDb): Promise<void> {
  await db.transaction('rw', db.settings, db.storeObjects, async () => {
    await resetPushPlan(db);
    await db.settings.delete(KEY);
  });
}
