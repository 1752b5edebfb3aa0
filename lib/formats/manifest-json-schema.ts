import { manifestSchema } from './manifest';
import { z } from './zod';

/** The JSON Schema of manifest.json, derived from the validator itself so the two cannot drift. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://prooftrail.dev/schemas/bundle-manifest-5.json',
    title: 'ProofTrail bundle manifest (format 5)',
    ...z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', unrepresentable: 'any' }),
  };
}
