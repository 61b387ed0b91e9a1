import { execFile as execFileCb } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

/**
 * A PostgreSQL cluster of our own in a temporary folder, on a free port, with its socket in that
 * folder: it can be stopped, crashed and started at will without touching the machine's server
 * (which this refuses to share a port with). initdb refuses to run as root, so as root the
 * cluster runs as the `postgres` system user.
 */

export interface ThrowawayCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  dir: string;
  /** 'fast' disconnects clients and shuts down cleanly; 'immediate' is a crash (recovery on start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const MAIN_SERVER_PORT = 5432;

/** The newest installed PostgreSQL's bin folder (PG_BIN overrides). */
export async function findPostgresBin(): Promise<string | null> {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = (await readdir(root)).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== MAIN_SERVER_PORT && port > 0) return port;
  }
}

async function systemUser(name: string): Promise<{ uid: number; gid: number } | null> {
  try {
    const uid = Number((await execFile('id', ['-u', name])).stdout.trim());
    const gid = Number((await execFile('id', ['-g', name])).stdout.trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

export async function startThrowawayCluster(options: { port?: number } = {}): Promise<ThrowawayCluster> {
  const bin = await findPostgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries found under /usr/lib/postgresql/*/bin (set PG_BIN)');
  const port = options.port ?? (await freePort());
  if (port === MAIN_SERVER_PORT) throw new Error('refusing to run a throwaway cluster on 5432, the machine\'s own server');
  const dir = await mkdtemp(join(tmpdir(), 'advocacy-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');

  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await systemUser('postgres') : null;
  if (asRoot && !owner) throw new Error('running as root, and there is no `postgres` user to run initdb as');
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await chmod(dir, 0o700);
  }
  const run = async (tool: string, args: string[]) => {
    const [cmd, argv] = owner ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    return execFile(cmd, argv as string[], { timeout: 60_000 });
  };

  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-instructions', '--no-sync']);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const start = async () => void (await run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions, 'start']));
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => void (await run('pg_ctl', ['-D', data, '-w', '-t', '60', '-m', mode, 'stop']));
  await start();

  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop,
    start,
    async destroy() {
      await stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
