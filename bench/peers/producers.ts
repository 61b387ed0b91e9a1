/**
 * The peers themselves (issue 19): Carbone loaded with LibreOffice and Python found, a render with
 * either library, LibreOffice converting a DOCX in a process of its own, and a PDF's page count.
 * Kept apart from bench/peers.ts (which needs the database) so the template test can use them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import type { PeerData } from './templates.js';

const env = process.env;
export const SOFFICE = env.SOFFICE ?? '/usr/bin/soffice';

export type Carbone = typeof import('carbone').default;

/** LibreOffice's program directory (where soffice.bin is), then /usr/bin, then the PATH. Without LibreOffice, Carbone still writes DOCX. */
const carbonePath = () => [...(existsSync(SOFFICE) ? [dirname(realpathSync(SOFFICE))] : []), '/usr/bin', env.PATH].join(':');

/**
 * Loads Carbone with LibreOffice and its Python found. Carbone looks for `soffice.bin` on PATH on
 * Linux (Debian installs it in /usr/lib/libreoffice/program, not on PATH) and runs the first
 * `python3` on PATH, which must be the one with the `uno` module (Debian's python3-uno, in
 * /usr/bin: a pyenv or venv python earlier on PATH has none). Both are looked up once, when the
 * module loads, so PATH is set for that moment only.
 */
export async function loadCarbone(tempPath: string): Promise<Carbone> {
  const saved = env.PATH;
  env.PATH = carbonePath();
  try {
    const carbone = (await import('carbone')).default;
    carbone.set({ tempPath, renderPath: join(tempPath, 'render'), factories: 1, startFactory: false });
    return carbone;
  } finally {
    env.PATH = saved;
  }
}

/**
 * Why Carbone's PDF conversion cannot work here, or null. Without `uno` its worker does not fail:
 * it restarts LibreOffice and Python for ever, so this is checked first, with the python3 it will
 * pick (the first on the PATH it was loaded with).
 */
export function carbonePdfProblem(): string | null {
  try {
    execFileSync('python3', ['-c', 'import uno'], { env: { ...env, PATH: carbonePath() }, stdio: 'ignore', timeout: 30_000 });
    return null;
  } catch {
    return 'Carbone\'s PDF left out: the first python3 on PATH (after LibreOffice\'s program directory and /usr/bin) cannot import uno (Debian: apt-get install python3-uno)';
  }
}

export const carboneRender = (carbone: Carbone, template: string, data: PeerData, convertTo?: 'pdf') =>
  new Promise<Buffer>((resolve, reject) =>
    carbone.render(template, data, convertTo ? { convertTo } : {}, (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result))));

/** What a docxtemplater user does per document: open the template zip, render, zip it up. */
export function docxtemplaterRender(template: Buffer, data: PeerData): Buffer {
  const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true });
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** `soffice --headless --convert-to pdf` of a DOCX, one process per document (its own profile directory). */
export function sofficePdf(docx: Uint8Array, dir: string): Promise<Buffer> {
  const name = `doc-${randomBytes(4).toString('hex')}`;
  const input = join(dir, `${name}.docx`);
  writeFileSync(input, docx);
  return new Promise((resolve, reject) => {
    const child = spawn(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`soffice exited ${code}: ${err.slice(-500)}`);
        resolve(readFileSync(join(dir, `${name}.pdf`)));
      } catch (e) {
        reject(e);
      } finally {
        rmSync(input, { force: true });
        rmSync(join(dir, `${name}.pdf`), { force: true });
      }
    });
  });
}

export function pdfPages(pdf: Uint8Array, dir: string): number {
  const path = join(dir, `pages-${randomBytes(4).toString('hex')}.pdf`);
  writeFileSync(path, pdf);
  try {
    const m = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }));
    return m ? Number(m[1]) : Number.NaN;
  } finally {
    rmSync(path, { force: true });
  }
}
