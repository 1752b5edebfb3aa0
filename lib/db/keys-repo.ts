import { describePublicKey, generateDeviceKey } from '../integrity/signing';
import type { ProofTrailDb } from './database';
import type { DeviceKeyRow } from './types';

/** The device key, made on first use. Two contexts racing both end up with the one stored first. */
export async function getDeviceKey(db: ProofTrailDb, now: Date = new Date()): Promise<DeviceKeyRow> {
  const existing = await db.keys.get('device');
  if (existing) return existing;
  const pair = await generateDeviceKey();
  const info = await describePublicKey(pair.publicKey);
  const row: DeviceKeyRow = {
    id: 'device',
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicJwk: info.jwk,
    fingerprint: info.fingerprint,
    createdAt: now.toISOString(),
  };
  await db.keys.add(row).catch(() => undefined);
  return (await db.keys.get('device'))!;
}

/** The device key if one exists (settings show it; nothing is created by looking). */
export function peekDeviceKey(db: ProofTrailDb): Promise<DeviceKeyRow | undefined> {
  return db.keys.get('device');
}
