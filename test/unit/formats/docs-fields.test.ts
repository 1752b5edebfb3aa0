import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureMetadataV1Schema, captureMetadataV2Schema } from '../../../lib/formats/capture-metadata';
import { deletionRecordSchema } from '../../../lib/formats/deletion-record';
import { entryV2Parts, ledgerEntrySchema, ledgerRecordSchema } from '../../../lib/formats/ledger-entry';
import {
  coverageSchema,
  fileRoleSchemaV9,
  manifestFileSchema,
  manifestFileSchemaV8,
  manifestFileSchemaV9,
  manifestSchema,
  manifestSchemaV8,
  manifestSchemaV9,
  selectionScopeSchema,
  signerSchema,
} from '../../../lib/formats/manifest';
import { publicKeyFileSchema } from '../../../lib/formats/public-key';
import { signersFileSchema } from '../../../lib/formats/signers-file';
import { z } from '../../../lib/formats/zod';
import { roleOfPath } from '../../../lib/verify/file-roles';

// The format docs are a contract others implement from: every field of every record has a row
// (type, required or not, meaning) in its table, and no row names a field that does not exist.
// This walks the zod schemas (through their JSON Schema) and the docs' tables, the way
// manifest-schema.test.ts keeps docs/schemas/manifest.schema.json equal to the validator.

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  const?: unknown;
  enum?: unknown[];
}

/** One field of a record: `image.sha256`, `redactions[].rule`. */
interface Field {
  path: string;
  required: boolean;
  schema: JsonSchema;
}

/**
 * Every field of an object schema, nested objects and arrays of objects included, named with
 * dots and `[]`. Fields in `stop` get a row but their children are documented in another table.
 */
function fieldsOf(schema: JsonSchema, stop: readonly string[] = [], prefix = ''): Field[] {
  const out: Field[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    out.push({ path, required: required.has(name), schema: child });
    if (stop.includes(path)) continue;
    if (child.properties) out.push(...fieldsOf(child, stop, `${path}.`));
    if (child.type === 'array' && child.items?.properties)
      out.push(...fieldsOf(child.items, stop, `${path}[].`));
  }
  return out;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema;

/** A markdown table: header names and rows of cells, keyed by header. */
interface Table {
  header: string[];
  rows: Record<string, string>[];
}

const docs = new Map<string, string[]>();
const linesOf = (file: string) => {
  if (!docs.has(file)) docs.set(file, readFileSync(file, 'utf8').split('\n'));
  return docs.get(file)!;
};

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** The first table under the heading whose text is exactly `heading`, before the next heading. */
function tableUnder(file: string, heading: string): Table {
  const lines = linesOf(file);
  const start = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#{1,6} /, '') === heading);
  if (start < 0) throw new Error(`${file}: no heading "${heading}"`);
  let i = start + 1;
  while (i < lines.length && !/^#{1,6} /.test(lines[i]!) && !lines[i]!.startsWith('|')) i++;
  if (i >= lines.length || !lines[i]!.startsWith('|'))
    throw new Error(`${file}: no table under "${heading}"`);
  const header = cells(lines[i]!);
  const rows: Record<string, string>[] = [];
  for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const row = cells(lines[i]!);
    rows.push(Object.fromEntries(header.map((h, k) => [h, row[k] ?? ''])));
  }
  return { header, rows };
}

/** The field a row documents: its first cell, exactly one code span. */
const rowField = (row: Record<string, string>, header: string[]) => /^`([^`]+)`$/.exec(row[header[0]!]!)?.[1];

/** Words a type cell must contain for a JSON Schema type. */
const typeWords: Record<string, RegExp> = {
  string: /\bstring\b/,
  integer: /\binteger\b/,
  number: /\bnumber\b|\binteger\b/,
  boolean: /\bboolean\b/,
  object: /\bobject\b/,
  array: /\barray\b/,
};

/** Each allowed value of an enum or a constant, as it must appear in the type cell. */
function allowedValues(schema: JsonSchema): unknown[] {
  if (schema.const !== undefined) return [schema.const];
  return schema.enum ?? [];
}

interface Section {
  doc: string;
  heading: string;
  /** The schemas the table documents, each with the column saying whether a field is required. */
  schemas: { name: string; schema: z.ZodType; column: string }[];
  /** Fields whose own fields have their own table. */
  stop?: string[];
  /** Fields documented in another table (a shared part). */
  elsewhere?: string[];
}

const BUNDLE = 'docs/bundle-format.md';
const LEDGER = 'docs/ledger-format.md';
const TRUST = 'docs/trust-model.md';

const sections: Section[] = [
  {
    doc: BUNDLE,
    heading: 'Manifest fields',
    schemas: [
      { name: 'manifestSchema', schema: manifestSchema, column: 'required' },
      { name: 'manifestSchemaV8', schema: manifestSchemaV8, column: 'formats 8, 9' },
      { name: 'manifestSchemaV9', schema: manifestSchemaV9, column: 'formats 8, 9' },
    ],
    stop: ['scope', 'files', 'signers'],
  },
  {
    doc: BUNDLE,
    heading: 'File entry fields (`files[]`)',
    schemas: [
      { name: 'manifestFileSchema', schema: manifestFileSchema, column: 'required' },
      { name: 'manifestFileSchemaV8', schema: manifestFileSchemaV8, column: 'formats 8, 9' },
      { name: 'manifestFileSchemaV9', schema: manifestFileSchemaV9, column: 'formats 8, 9' },
    ],
  },
  {
    doc: BUNDLE,
    heading: 'Signer fields (`signers[]`)',
    schemas: [{ name: 'signerSchema', schema: signerSchema, column: 'required' }],
    stop: ['coverage'],
  },
  {
    doc: BUNDLE,
    heading: 'Scope fields (`scope`)',
    schemas: [{ name: 'selectionScopeSchema', schema: selectionScopeSchema, column: 'required' }],
  },
  {
    doc: BUNDLE,
    heading: 'Coverage fields (`signers[].coverage[]`)',
    schemas: [{ name: 'coverageSchema', schema: coverageSchema, column: 'required' }],
    elsewhere: Object.keys(selectionScopeSchema.shape),
  },
  {
    doc: BUNDLE,
    heading: 'Capture record fields',
    schemas: [
      { name: 'captureMetadataV1Schema', schema: captureMetadataV1Schema, column: '/1' },
      { name: 'captureMetadataV2Schema', schema: captureMetadataV2Schema, column: '/2' },
    ],
  },
  {
    doc: BUNDLE,
    heading: 'Deletion record fields',
    schemas: [{ name: 'deletionRecordSchema', schema: deletionRecordSchema, column: 'required' }],
  },
  {
    doc: BUNDLE,
    heading: 'Public key file fields',
    schemas: [{ name: 'publicKeyFileSchema', schema: publicKeyFileSchema, column: 'required' }],
  },
  {
    doc: LEDGER,
    heading: 'Ledger entry fields',
    schemas: [{ name: 'ledgerEntrySchema', schema: ledgerEntrySchema, column: 'required' }],
  },
  {
    doc: LEDGER,
    heading: 'Ledger record fields (`ledger.jsonl`)',
    schemas: [{ name: 'ledgerRecordSchema', schema: ledgerRecordSchema, column: 'required' }],
    stop: ['entry'],
  },
  ...(Object.keys(entryV2Parts) as (keyof typeof entryV2Parts)[]).map(
    (type): Section => ({
      doc: LEDGER,
      heading: `Version 2 \`${type}\` entry fields`,
      schemas: [
        { name: `entryV2Parts.${type}`, schema: z.strictObject(entryV2Parts[type]), column: 'required' },
      ],
    }),
  ),
  {
    doc: TRUST,
    heading: 'Signers file fields',
    schemas: [{ name: 'signersFileSchema', schema: signersFileSchema, column: 'required' }],
  },
];

describe('format docs: every schema field has a row', () => {
  describe.each(sections.map((s) => [`${s.doc} › ${s.heading}`, s] as const))('%s', (_, section) => {
    const table = tableUnder(section.doc, section.heading);
    const byField = new Map(
      table.rows.flatMap((row) => {
        const field = rowField(row, table.header);
        return field ? [[field, row] as const] : [];
      }),
    );
    const walked = section.schemas.map((s) => ({
      ...s,
      fields: new Map(
        fieldsOf(jsonSchema(s.schema), section.stop)
          .filter((f) => !section.elsewhere?.includes(f.path))
          .map((f) => [f.path, f]),
      ),
    }));
    const all = new Set(walked.flatMap((w) => [...w.fields.keys()]));

    it('has a table with a field, type and required column', () => {
      expect(table.header[0]).toBe('field');
      expect(table.header).toContain('type');
      for (const s of section.schemas) expect(table.header).toContain(s.column);
      expect(table.header).toContain('meaning');
    });

    it('gives each field its own row', () => {
      const missing = [...all].filter((f) => !byField.has(f));
      expect(missing, `fields of ${section.schemas.map((s) => s.name).join(', ')} with no row`).toEqual([]);
    });

    it('names only fields that exist, one per row, each once', () => {
      const names = table.rows.map((row) => rowField(row, table.header) ?? row[table.header[0]!]);
      const stale = names.filter((n) => !n || !all.has(n));
      expect(stale, 'rows naming no field of the schema (first cell must be one `field.path`)').toEqual([]);
      expect(
        names.filter((n, i) => names.indexOf(n) !== i),
        'fields with two rows',
      ).toEqual([]);
    });

    it('says whether each field is required, as the schema does', () => {
      const wrong: string[] = [];
      for (const path of all) {
        const row = byField.get(path);
        if (!row) continue;
        for (const w of walked) {
          const field = w.fields.get(path);
          const want = field ? (field.required ? 'yes' : 'no') : '—';
          if (row[w.column] !== want)
            wrong.push(`${path}: column "${w.column}" says "${row[w.column]}", ${w.name} says ${want}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('gives each field its JSON type and every allowed value of an enum or constant', () => {
      const wrong: string[] = [];
      for (const w of walked)
        for (const [path, field] of w.fields) {
          const cell = byField.get(path)?.type;
          if (cell === undefined) continue;
          const type = field.schema.type;
          if (type && typeWords[type] && !typeWords[type]!.test(cell))
            wrong.push(`${path}: type "${cell}" does not say ${type} (${w.name})`);
          for (const value of allowedValues(field.schema)) {
            const shown = [`\`${JSON.stringify(value)}\``, `\`${String(value)}\``];
            if (!shown.some((s) => cell.includes(s)))
              wrong.push(`${path}: type "${cell}" does not show ${JSON.stringify(value)}`);
          }
        }
      expect(wrong).toEqual([]);
    });
  });
});

describe.each([
  ['Path roles', 'per-control'],
  ['Write-once paths', 'write-once'],
] as const)('format docs: the path-to-role table (%s)', (heading, layout) => {
  const table = tableUnder(BUNDLE, heading);
  const example = (pattern: string) =>
    pattern
      .replaceAll('<c>', 'A.5.18')
      .replaceAll('<base>', '2026-11-27T10-15-03Z_okta-access-review')
      .replaceAll('<key id>', 'qP_8NDfcjMyx3GzW')
      .replaceAll('NNNNNN', '000042')
      .replace(/\.N\.tsr$/, '.2.tsr');

  it('gives each path the role the verifier derives from it', () => {
    const wrong: string[] = [];
    for (const row of table.rows) {
      const pattern = /^`([^`]+)`$/.exec(row.path!)?.[1];
      if (!pattern) {
        wrong.push(`row "${row.path}" is not one path pattern`);
        continue;
      }
      const role = /^`([a-z-]+)`$/.exec(row.role!)?.[1];
      const derived = roleOfPath(example(pattern), false, layout === 'write-once' ? 8 : 7, layout);
      if (derived !== role)
        wrong.push(`${pattern}: docs say ${role ?? '(none)'}, the verifier derives ${derived ?? '(none)'}`);
    }
    expect(wrong).toEqual([]);
  });
});

it('format docs: the path-to-role tables list every role a manifest file may have', () => {
  const roles = new Set(
    ['Path roles', 'Write-once paths'].flatMap((h) =>
      tableUnder(BUNDLE, h).rows.map((r) => /^`([a-z-]+)`$/.exec(r.role!)?.[1]),
    ),
  );
  expect(fileRoleSchemaV9.options.filter((role) => !roles.has(role))).toEqual([]);
});
