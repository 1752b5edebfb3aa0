import { manifestSchema, manifestSchemaV8, manifestSchemaV9 } from './manifest';
import { z } from './zod';

/**
 * The JSON Schema of manifest.json, derived from the validator itself so the two cannot drift:
 * formats 5–7 (what per-control bundles of those formats carry, unchanged), format 8's (`8`), or
 * format 9's (`9`, what every bundle exported now carries).
 */
export function manifestJsonSchema(formatVersion?: 8 | 9): Record<string, unknown> {
  if (formatVersion === 9)
    return {
      $id: 'https://prooftrail.dev/schemas/bundle-manifest-9.json',
      title: 'ProofTrail bundle manifest (format 9)',
      ...z.toJSONSchema(manifestSchemaV9, { target: 'draft-2020-12', unrepresentable: 'any' }),
    };
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
