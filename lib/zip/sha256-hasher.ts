import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HashFactory } from '../verify/archive';

/**
 * Streaming SHA-256 in JavaScript, for the browser, where WebCrypto has no incremental digest.
 * (@noble/hashes is audited and already in the tree through pkijs.) Node callers pass the
 * faster createHash-based factory from node/cli/file-source.ts instead.
 */
export const jsSha256: HashFactory = () => {
  const hash = sha256.create();
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    hex: () => bytesToHex(hash.digest()),
  };
};
