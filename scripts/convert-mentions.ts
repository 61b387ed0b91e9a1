/**
 * `npx tsx scripts/convert-mentions.ts [--check] FILE.bundle.json…` (default: the demo bundle and
 * test/fixtures/*.bundle.json): rewrites each bundle with typed names of its own persons turned
 * into mentions `[[person:KEY]]`, by the same converter as the import (src/consent/mentions.ts),
 * and prints what it converted per file and record, and the spans it left because they may name
 * several persons. `--check` writes nothing and exits 1 when a file would change.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertBundleNames } from '../src/consent/mentions.js';
import type { Bundle } from '../src/records/bundle.schemas.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const check = args.includes('--check');
const given = args.filter((a) => !a.startsWith('--'));
const files = given.length > 0
  ? given
  : ['src/demo/kz-2018-q1.bundle.json', ...readdirSync(`${root}test/fixtures`).filter((f) => f.endsWith('.bundle.json')).map((f) => `test/fixtures/${f}`)];

let changed = 0;
let total = 0;
for (const file of files) {
  const path = file.startsWith('/') ? file : `${root}${file}`;
  const before = readFileSync(path, 'utf8');
  // The raw JSON, not the parsed bundle: fields the file leaves out stay out.
  const { bundle, mentionsConverted, ambiguous } = convertBundleNames(JSON.parse(before) as Bundle, []);
  const after = `${JSON.stringify(bundle, null, 2)}\n`;
  total += mentionsConverted.total;
  process.stdout.write(`${file}: ${mentionsConverted.total} name(s) converted\n`);
  for (const [collection, counts] of Object.entries(mentionsConverted)) {
    if (typeof counts === 'number') continue;
    for (const [key, n] of Object.entries(counts)) process.stdout.write(`  ${collection}/${key}: ${n}\n`);
  }
  for (const a of ambiguous) process.stdout.write(`  left as typed (may name ${a.keys.join(' or ')}): '${a.text}' at ${a.path}\n`);
  if (after !== before) {
    changed++;
    if (!check) writeFileSync(path, after);
  }
}
process.stdout.write(`${total} name(s) in ${files.length} file(s)${check ? `; ${changed} file(s) would change` : ''}\n`);
if (check && changed > 0) process.exit(1);
