import {
  LEDGER_ENTRIES_DIR,
  LEDGER_PATH,
  ledgerEntryPath,
  PUBLIC_KEY_FORMAT,
  PUBLIC_KEY_PATH,
} from './bundle-paths';
import { z } from './zod';

export { LEDGER_ENTRIES_DIR, LEDGER_PATH, ledgerEntryPath, PUBLIC_KEY_FORMAT, PUBLIC_KEY_PATH };

/** The device public key that signed the ledger, with its RFC 7638 thumbprint. */
export const publicKeyFileSchema = z.strictObject({
  format: z.literal(PUBLIC_KEY_FORMAT),
  jwk: z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }),
  fingerprint: z.string(),
  createdAt: z.string(),
});

export type PublicKeyFile = z.infer<typeof publicKeyFileSchema>;
