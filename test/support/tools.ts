import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that need a system tool or the real PostgreSQL ask for it here. In CI (`CI` set, as
 * `.ci/run` does) a missing one fails the run with what to install; elsewhere the tests that need
 * it are skipped with a visible warning, so a developer without LibreOffice can still run the rest.
 */

const inCi = (): boolean => Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

export interface Requirement {
  /** What is missing, as a person would name it. */
  name: string;
  /** How to get it, e.g. "apt-get install poppler-utils". */
  install: string;
}

const warned = new Set<string>();

/**
 * True when `present`; otherwise throws in CI, or warns once and returns false (skip) elsewhere.
 * Call at module or describe level so that a throw fails the file.
 */
export function required(present: boolean, what: Requirement): boolean {
  if (present) return true;
  const message = `${what.name} is required (${what.install})`;
  if (inCi()) throw new Error(message);
  if (!warned.has(message)) {
    warned.add(message);
    console.warn(`\n⚠ SKIPPING tests that need ${what.name}: ${message}. CI fails instead.\n`);
  }
  return false;
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const PACKAGES: Record<string, string> = {
  pdftotext: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  qpdf: 'qpdf',
  soffice: 'libreoffice-writer-nogui',
};

/** Every command on PATH, or (see `required`) a skip or a failure naming the first one missing. */
export function hasTools(...commands: Array<keyof typeof PACKAGES>): boolean {
  for (const command of commands) {
    if (!required(onPath(command), { name: command, install: `apt-get install ${PACKAGES[command] ?? command}` })) return false;
  }
  return true;
}

/** Debian's Chromium (CHROMIUM_PATH overrides), for the browser tests. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => required(existsSync(CHROMIUM_PATH), { name: 'chromium', install: 'apt-get install chromium, or set CHROMIUM_PATH' });

/** The real PostgreSQL for the suites that need more than PGlite (a pool of connections, both dialects). */
export const hasPostgres = (): boolean =>
  required(Boolean(process.env.TEST_DATABASE_URL), { name: 'TEST_DATABASE_URL', install: 'e.g. postgres://postgres@127.0.0.1:5432/test, a PostgreSQL the tests may create databases on' });
