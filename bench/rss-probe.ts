/**
 * Peak memory of one generation in a process of its own: compose and render from a loaded case
 * file (serialised by the bench with v8.serialize), with no embedded database in the process,
 * so the figure is the pipeline's and not PGlite's (~700 MB resident on its own).
 * Prints JSON: { rssBeforeMB, peakRssMB, bytes }.
 */
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import type { CaseFile } from '../src/documents/case-file/case-file.js';
import { compose } from '../src/documents/compose/compose.js';
import { renderDocument } from '../src/documents/render/render-document.js';
import type { DocumentRequest } from '../src/documents/request.schemas.js';
import { peakRssMB, resetPeakRss, rssMB } from './memory.js';

const { file, request } = deserialize(readFileSync(process.argv[2]!)) as { file: CaseFile; request: DocumentRequest };
const before = rssMB();
resetPeakRss();
const bytes = await renderDocument(compose(file, request).model, request.format);
process.stdout.write(JSON.stringify({ rssBeforeMB: before, peakRssMB: peakRssMB(), bytes: bytes.byteLength }));
