/**
 * Whether a change to composition or rendering leaves every output as it was.
 *
 *   npx tsx bench/output-identity.ts write DIR     (in each checkout: the old one, then the new one)
 *   npx tsx bench/output-identity.ts compare OLD NEW
 *
 * `write` imports the synthetic bundle into embedded PGlite and, for each kind at 10, 50 and 200
 * incidents in en, fr and ru, as a draft and as a final document (mixed languages allowed), writes
 * with a fixed clock: the loaded case file, the composed model and provenance (JSON), every part of the DOCX, and the
 * PDF's text (pdftotext -layout); a refused composition writes its message instead. `compare`
 * lists every file that differs or exists on one side only, and fails if any does. DOCX parts
 * are compared as written, bar docProps/core.xml's dates and a draft watermark's random shape id;
 * the PDF by its text (its bytes carry a creation date and a random id).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { compose } from '../src/documents/compose/compose.js';
import { renderDocument } from '../src/documents/render/render-document.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { benchRequest, KINDS } from './pipeline.js';
import { syntheticBundle } from './synthetic.js';

const SIZES = [10, 50, 200];
const LANGUAGES = ['en', 'fr', 'ru'] as const;
const NOW = new Date('2019-03-01T10:00:00Z');

/** The loaded records as JSON (maps as their entries, in order), without the import's timestamps. */
function caseFileJson(file: unknown): string {
  return JSON.stringify(file, (key, value: unknown) => {
    if (key === 'createdAt' || key === 'updatedAt') return '…';
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    return value;
  }, 1);
}

async function write(outDir: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'output-identity-'));
  const handle = await openDatabase({ dataDir });
  try {
    await migrateToLatest(handle.db);
    const validated = validateBundle(syntheticBundle(Math.max(...SIZES)));
    if (!validated.ok) throw new Error('synthetic bundle is invalid');
    await importBundle(handle.db, validated.bundle);
    for (const kind of KINDS) {
      for (const size of SIZES) {
        for (const language of LANGUAGES) {
          for (const draft of [true, false]) {
            const name = `${kind}-${size}-${language}-${draft ? 'draft' : 'final'}`;
            const dir = join(outDir, name);
            mkdirSync(dir, { recursive: true });
            const request = { ...benchRequest(kind, 'docx', size), language, draft, allowMixedLanguages: true };
            const file = await loadRequestedCaseFile(handle.db, request);
            writeFileSync(join(dir, 'case-file.json'), caseFileJson(file));
            let composition;
            try {
              composition = compose(file, request, NOW);
            } catch (err) {
              writeFileSync(join(dir, 'refused.txt'), `${(err as Error).constructor.name}: ${(err as Error).message}\n${JSON.stringify((err as { problems?: unknown }).problems ?? null)}`);
              continue;
            }
            const { model, provenance } = composition;
            writeFileSync(join(dir, 'model.json'), JSON.stringify(model, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 1));
            writeFileSync(join(dir, 'provenance.json'), JSON.stringify(provenance, null, 1));
            const docx = unzipSync(await renderDocument(model, 'docx'));
            for (const [part, bytes] of Object.entries(docx)) {
              const path = join(dir, 'docx', part);
              mkdirSync(join(path, '..'), { recursive: true });
              const kept = part === 'docProps/core.xml'
                ? Buffer.from(Buffer.from(bytes).toString('utf8').replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, '$1…'))
                : bytes;
              writeFileSync(path, kept);
            }
            const pdfPath = join(dir, 'document.pdf');
            writeFileSync(pdfPath, await renderDocument(model, 'pdf'));
            writeFileSync(join(dir, 'pdf.txt'), execFileSync('pdftotext', ['-layout', pdfPath, '-']));
            rmSync(pdfPath);
            console.log(name);
          }
        }
      }
    }
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function filesUnder(root: string, dir = root, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) filesUnder(root, path, out);
    else out.push(relative(root, path));
  }
  return out;
}

/** A draft's watermark shape has a random id (docx writes one per document): compared without it. */
function comparable(file: string, bytes: Buffer): Buffer {
  if (!/docx\/word\/header\d*\.xml$/.test(file)) return bytes;
  return Buffer.from(bytes.toString('utf8').replace(/PowerPlusWaterMarkObject[A-Za-z0-9_-]+/g, 'PowerPlusWaterMarkObject…'));
}

function compare(oldDir: string, newDir: string): void {
  const oldFiles = new Set(filesUnder(oldDir));
  const newFiles = new Set(filesUnder(newDir));
  const problems: string[] = [];
  for (const f of oldFiles) if (!newFiles.has(f)) problems.push(`only in old: ${f}`);
  for (const f of newFiles) if (!oldFiles.has(f)) problems.push(`only in new: ${f}`);
  let same = 0;
  for (const f of oldFiles) {
    if (!newFiles.has(f)) continue;
    if (comparable(f, readFileSync(join(oldDir, f))).equals(comparable(f, readFileSync(join(newDir, f))))) same++;
    else problems.push(`differs: ${f}`);
  }
  console.log(`${same} files identical, ${problems.length} problems`);
  for (const p of problems) console.log(`  ${p}`);
  if (problems.length > 0 || same === 0) process.exitCode = 1;
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'write' && a) await write(a);
else if (mode === 'compare' && a && b) compare(a, b);
else {
  console.error('usage: output-identity.ts write DIR | compare OLD NEW');
  process.exitCode = 2;
}
