/**
 * `npm run build`: the service as plain JavaScript in dist/ (dist/src, dist/migrations, and the
 * templates and public files they read by relative path), which `npm start` runs with node alone.
 *
 * Why: the tsx loader costs memory in every thread that loads TypeScript — ~75 MB in the main
 * thread and ~55 MB in each render thread (measured on the demo database: 416 MB at start with
 * two render threads under tsx, 233 MB compiled). The code is the same: esbuild strips the types
 * file by file (no bundling, the imports stay as written), as tsx does on the fly.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Compiles src/ and migrations/ into `outdir` and copies what they read beside them. */
export async function buildService(outdir: string = join(ROOT, 'dist')): Promise<void> {
  // Written over, not emptied first: an instance may be running from it (`npm run worker` beside
  // `npm start`). The migrations are listed in code, so a stale file is never run.
  const sources = ['src', 'migrations'].flatMap((d) => filesUnder(join(ROOT, d)));
  await build({
    entryPoints: sources.filter((f) => f.endsWith('.ts')),
    outdir,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // The render threads' entry (plain JavaScript already), the demo bundle and logo.
  for (const file of sources.filter((f) => !f.endsWith('.ts'))) {
    const target = join(outdir, relative(ROOT, file));
    mkdirSync(join(target, '..'), { recursive: true });
    cpSync(file, target);
  }
  for (const dir of ['templates', 'public']) cpSync(join(ROOT, dir), join(outdir, dir), { recursive: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  await buildService();
  process.stdout.write(`built dist/ in ${Date.now() - t0} ms\n`);
}
