import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService } from '../../../scripts/build.js';
import { freePort } from '../../../bench/numbers.js';
import { ModelBuilder } from '../../support/model.js';

const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
// Inside the checkout, so that the compiled modules find node_modules as the sources do.
const OUT = join(ROOT, 'test-artifacts', `compiled-${process.pid}`);

beforeAll(() => buildService(OUT), 120_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

/** Plain node, no tsx anywhere: what `npm start` runs after `npm run build`. */
describe('the service compiled by npm run build', () => {
  it('draws a PDF and builds a name index in render threads that load the compiled modules', async () => {
    const model = new ModelBuilder({ title: 'Compiled' }).claim('Ainur Bekova was detained in Almaty.', 'A source.').build();
    const script = `
      const { createRenderer } = await import(${JSON.stringify(`file://${OUT}/src/documents/workers/render-pool.js`)});
      const renderer = createRenderer(1);
      const pdf = await renderer.render(JSON.parse(process.argv[2]), 'pdf');
      const index = await renderer.buildNameIndex([{ key: 'p-1', kind: 'individual', name: 'Ainur Bekova', nameNative: null, pseudonym: 'A.B.' }]);
      process.stdout.write(JSON.stringify({ head: Buffer.from(pdf).subarray(0, 5).toString(), index: index !== undefined, loader: [...process.execArgv, process.env.NODE_OPTIONS ?? ''].filter(Boolean) }));
      await renderer.close();`;
    const probe = join(OUT, 'probe.mjs');
    writeFileSync(probe, script);
    const { stdout } = await run(process.execPath, [probe, JSON.stringify(model)], { cwd: ROOT, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
    const out = JSON.parse(stdout) as { head: string; index: boolean; loader: string[] };
    expect(out.loader).toEqual([]);
    expect(out.head).toBe('%PDF-');
    expect(out.index).toBe(true);
  }, 90_000);

  it('starts on the embedded database and serves its pages (templates and static files beside it)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'compiled-service-'));
    const port = await freePort();
    const child = spawn(process.execPath, [join(OUT, 'src/server.js')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'off', LOG_LEVEL: 'error', RENDER_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the compiled service exited: ${output}`);
        if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) break;
        if (Date.now() > deadline) throw new Error(`not ready in 60 s: ${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const login = await fetch(`${base}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toMatch(/<form[^>]*method="post"/i);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
