import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/** The vendored NIST release file, and its SHA-256 as docs/oscal-format.md gives it. */
export const OSCAL_SCHEMA_PATH = 'docs/schemas/oscal_assessment-results_schema-1.2.2.json';
export const OSCAL_SCHEMA_SHA256 = 'd4e1e7e17c6662814882810ad64075266964ee1a575759ce3955302fd74edcd9';

const bytes = readFileSync(new URL(`../../../${OSCAL_SCHEMA_PATH}`, import.meta.url));
export const oscalSchemaSha256 = createHash('sha256').update(bytes).digest('hex');
export const oscalSchema = JSON.parse(bytes.toString('utf8'));

// The schema is JSON Schema draft-07, Ajv's default; Ajv compiles it in strict mode as it is, so
// strict stays on. ajv-formats supplies the date-time, uri, uri-reference and email formats the
// schema names; Ajv's regexes use the `u` flag, which its \p{L} patterns need.
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(oscalSchema);

/** The schema's complaints about a document: empty when it is valid. */
export function oscalProblems(doc: unknown): string[] {
  validate(doc);
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);
}
