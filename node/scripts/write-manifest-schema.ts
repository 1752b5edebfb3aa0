// Writes docs/schemas/manifest.schema.json (formats 5–7), manifest-8.schema.json (format 8) and
// manifest-9.schema.json (format 9) from the validators: `npm run docs:schemas`.
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../../lib/formats/manifest-json-schema';

for (const [name, version] of [
  ['manifest.schema.json', undefined],
  ['manifest-8.schema.json', 8],
  ['manifest-9.schema.json', 9],
] as const) {
  const path = new URL(`../../docs/schemas/${name}`, import.meta.url);
  writeFileSync(path, `${JSON.stringify(manifestJsonSchema(version), null, 2)}\n`);
  console.log(`wrote ${path.pathname}`);
}
