import { ProofTrailDb } from '../../lib/db/database';

/** A fresh, empty database on fake-indexeddb. */
export function freshDb(): ProofTrailDb {
  return new ProofTrailDb(`test-${crypto.randomUUID()}`);
}

/** A tiny valid PNG (1×1, red) as a data URL and as bytes. */
export const PNG_1X1_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const PNG_1X1_DATA_URL = `data:image/png;base64,${PNG_1X1_BASE64}`;
