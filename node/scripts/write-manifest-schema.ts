// Writes docs/schemas/manifest.schema.json from the validator: `npm run docs:schemas`.
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../../lib/formats/manifest-json-schema';

const path = new URL('../../docs/schemas/manifest.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
