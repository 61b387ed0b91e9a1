import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, workersInProcess } from '../../../src/config/config.js';

describe('configuration from the environment', () => {
  it('has working defaults: embedded database under ./data, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', TRUST_PROXY: false });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('runs generation workers in the process on the embedded database, in `npm run worker` with DATABASE_URL, unless told', () => {
    const pg = { DATABASE_URL: 'postgres://db/x', COOKIE_SECRET: 'x'.repeat(32) };
    expect(workersInProcess(loadConfig({}))).toBe(true);
    expect(workersInProcess(loadConfig(pg))).toBe(false);
    expect(workersInProcess(loadConfig({ ...pg, WORKERS_IN_PROCESS: 'on' }))).toBe(true);
    expect(workersInProcess(loadConfig({ WORKERS_IN_PROCESS: 'off' }))).toBe(false);
    expect(loadConfig({})).toMatchObject({ JOB_WAIT_MS: 2000, JOB_RETRIES: 2, LARGE_DOCUMENT_PAGES: 300 });
  });

  it('names every bad variable in one line', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(message).toMatch(/LOG_LEVEL: /);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it('requires COOKIE_SECRET with DATABASE_URL (issue 18.5), but not for the command-line tools, and makes one up only for the embedded database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x' })).toThrow(/^Invalid configuration — COOKIE_SECRET: required when DATABASE_URL is set/);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', COOKIE_SECRET: 'k'.repeat(32) }).COOKIE_SECRET).toBe('k'.repeat(32));
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }, { tool: true }).DATABASE_URL).toBe('postgres://db/x');
    const a = loadConfig({}).COOKIE_SECRET;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({}).COOKIE_SECRET).not.toBe(a);
  });
});
