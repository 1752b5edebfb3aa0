import { manifestSchema, manifestSchemaV8 } from './manifest';
import { z } from './zod';

/**
 * The JSON Schema of manifest.json, derived from the validator itself so the two cannot drift:
 * formats 5–7 (what every per-control bundle carries, unchanged), or format 8's (`8`).
 */
export function manifestJsonSchema(formatVersion?: 8): Record<string, unknown> {
  if (formatVersion === 8)
    return {
      $id: 'https://prooftrail.dev/schemas/bundle-manifest-8.json',
      title: 'ProofTrail bundle manifest (format 8)',
      ...z.toJSONSchema(manifestSchemaV8, { target: 'draft-2020-12', unrepresentable: 'any' }),
    };
  return {
    $id: 'https://prooftrail.dev/schemas/bundle-manifest-5.json',
    title: 'ProofTrail bundle manifest (format 5)',
    ...z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', unrepresentable: 'any' }),
  };
}
