/**
 * `npm run schema`: writes the case bundle's JSON Schema, generated from the zod schemas, to
 * docs/case-bundle.v1.json (the file the docs link to and the service serves byte for byte).
 * `npm run schema -- --check` only compares, and exits 1 when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleJsonSchemaText } from '../src/records/bundle.json-schema.js';

const COMMITTED_SCHEMA = fileURLToPath(new URL('../docs/case-bundle.v1.json', import.meta.url));

const text = bundleJsonSchemaText();
let committed: string | null = null;
try {
  committed = readFileSync(COMMITTED_SCHEMA, 'utf8');
} catch {
  committed = null;
}
if (process.argv.includes('--check')) {
  if (committed !== text) {
    process.stderr.write('docs/case-bundle.v1.json is out of date with the zod schemas: run `npm run schema`, and say what changed in docs/case-bundle.md\n');
    process.exit(1);
  }
  process.stdout.write('docs/case-bundle.v1.json is up to date\n');
} else if (committed === text) {
  process.stdout.write('docs/case-bundle.v1.json unchanged\n');
} else {
  writeFileSync(COMMITTED_SCHEMA, text);
  process.stdout.write('wrote docs/case-bundle.v1.json — say what changed in docs/case-bundle.md (changelog)\n');
}
