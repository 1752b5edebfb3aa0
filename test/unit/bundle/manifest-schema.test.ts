import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../../lib/formats/manifest-json-schema';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

describe('manifest JSON Schema', () => {
  it('in docs/ is the one the validator gives (run `npm run docs:schemas` after changing it)', () => {
    const documented = JSON.parse(readFileSync('docs/schemas/manifest.schema.json', 'utf8'));
    expect(documented).toEqual(manifestJsonSchema());
  });

  it('of format 8 is in docs/ too (the schema write-once bundles of format 8 carry)', () => {
    const documented = JSON.parse(readFileSync('docs/schemas/manifest-8.schema.json', 'utf8'));
    expect(documented).toEqual(manifestJsonSchema(8));
  });

  it('of format 9 is in docs/ too, is inside every bundle, and the bundle’s manifest validates against it', async () => {
    const documented = JSON.parse(readFileSync('docs/schemas/manifest-9.schema.json', 'utf8'));
    expect(documented).toEqual(manifestJsonSchema(9));
    const db = freshDb();
    await storeCapture(db);
    const files = unzipSync((await exportToBytes(db)).bytes);
    const schema = JSON.parse(new TextDecoder().decode(files['schemas/manifest.schema.json']));
    expect(schema).toEqual(documented);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...manifest, formatVersion: 10 })).toBe(false);
    expect(validate({ ...manifest, files: [{ path: 'x', sha256: 'nothex', size: 1, role: 'image' }] })).toBe(
      false,
    );
  });

  it('of format 9 checks the layout of a write-once bundle', async () => {
    const db = freshDb();
    await storeCapture(db);
    const files = unzipSync((await exportToBytes(db, { layout: 'write-once' })).bytes);
    const schema = JSON.parse(new TextDecoder().decode(files['schemas/manifest.schema.json']));
    expect(schema).toEqual(manifestJsonSchema(9));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...manifest, layout: 'flat' })).toBe(false);
    const { layout: _, ...withoutLayout } = manifest;
    expect(validate(withoutLayout)).toBe(false);
  });
});
