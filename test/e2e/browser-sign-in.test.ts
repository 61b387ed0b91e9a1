import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/seed.js';
import { hasChromium } from '../support/tools.js';
import { createTestApp, type TestAppWithAuth } from '../support/app.js';
import { launchChromium } from './browser.js';

/**
 * Signing in and out in a real browser (Debian's Chromium), with the production behaviour: no
 * test actor, the security headers on, and every Content-Security-Policy violation collected.
 */

const PASSWORD = 'browser admin password';
let t: TestAppWithAuth;
let base: string;
let browser: Browser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ ADMIN_PASSWORD: PASSWORD }, { actor: null });
  await loadDemoData(t.database.db);
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${page.url()}: ${m.text().slice(0, 80)}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

// Without Chromium: skipped with a warning locally, a failure in CI (support/tools.ts).
describe.runIf(hasChromium())('signing in with a browser', () => {
  it('sends a visitor to the sign-in page, then back where they were going, signed in', async () => {
    await page.goto(`${base}/persons`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.locator('.field-error').first().textContent()).toMatch(/not right/);

    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(new URL(page.url()).pathname).toBe('/persons');
    expect(await page.locator('.account').textContent()).toMatch(/Signed in as\s+admin/);
    expect(await page.locator('main').textContent()).toContain('Akmaral Tobylova');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  });

  it('shows the API documentation to a signed-in user without CSP violations', async () => {
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.swagger-ui .info', { timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toMatch(/Advocacy document assembly/);
  });

  it('signs out: the pages ask for a sign-in again', async () => {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Sign out/ }).click()]);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('main').textContent()).toContain('You have signed out');
    await page.goto(`${base}/persons`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('raised no Content-Security-Policy violation on any page', () => {
    expect(violations).toEqual([]);
  });
});
