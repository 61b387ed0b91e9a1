import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { kgBundle, kzBundle } from '../../support/bundles.js';

/** Imports both bundles through the bundle API. */
export async function seedBundles(t: TestApp): Promise<void> {
  for (const bundle of [kzBundle(), kgBundle()]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(res.statusCode, res.body).toBe(201);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A JSON call to the record API, `url` relative to /api/v1. */
export function callApi(t: TestApp) {
  return (method: Method, url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Keys of a list response, in order. */
export const keysOf = (body: { items: Array<{ key: string }> }) => body.items.map((i) => i.key);

/**
 * Gives a test file an app with both bundles imported (handed to `receive` before its tests run)
 * and closes it after them.
 */
export function useSeededApi(receive: (t: TestApp, api: ReturnType<typeof callApi>) => void): void {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp();
    await seedBundles(t);
    receive(t, callApi(t));
  });
  afterAll(async () => t?.close());
}
