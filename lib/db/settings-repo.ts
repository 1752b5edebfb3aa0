import type { ProofTrailDb } from './database';
import type { Identity } from './types';

const IDENTITY_KEY = 'identity';
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** Checks an identity; returns a message naming the bad field, or undefined when fine. */
export function validateIdentity(identity: Identity): string | undefined {
  if (!identity.name.trim()) return 'Name is required.';
  if (identity.name.trim().length > 200) return 'Name is too long (200 characters at most).';
  if (!EMAIL.test(identity.email.trim())) return `Email "${identity.email}" is not a valid address.`;
  return undefined;
}

/** The capturer identity, or undefined before first-run setup. */
export async function getIdentity(db: ProofTrailDb): Promise<Identity | undefined> {
  const row = await db.settings.get(IDENTITY_KEY);
  const value = row?.value as Partial<Identity> | undefined;
  if (typeof value?.name !== 'string' || typeof value.email !== 'string') return undefined;
  return { name: value.name, email: value.email };
}

/** Saves the capturer identity after validating it; throws with the reason when invalid. */
export async function setIdentity(db: ProofTrailDb, identity: Identity): Promise<Identity> {
  const clean = { name: identity.name.trim(), email: identity.email.trim() };
  const problem = validateIdentity(clean);
  if (problem) throw new Error(problem);
  await db.settings.put({ key: IDENTITY_KEY, value: clean });
  return clean;
}
