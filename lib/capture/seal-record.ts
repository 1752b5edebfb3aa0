import type { CaptureMetadataV2, UnsealedCaptureMetadata } from '../formats/capture-metadata';
import { canonicalSha256 } from '../integrity/canonical';

/** Adds the record's own hash: any later edit of a field no longer matches it. */
export async function sealRecord(unsealed: UnsealedCaptureMetadata): Promise<CaptureMetadataV2> {
  return { ...unsealed, metadataSha256: await canonicalSha256(unsealed) };
}
