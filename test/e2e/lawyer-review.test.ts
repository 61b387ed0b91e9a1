import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/seed.js';
import { hasChromium } from '../support/tools.js';
import { createTestApp, type TestAppWithAuth } from '../support/app.js';
import { artifactPath, launchChromium } from './browser.js';

/**
 * Issue 14.1 in a real browser: staff submit a version to a lawyer, the lawyer finds it waiting on
 * the home page, asks for a change on a numbered paragraph, staff send it back, the lawyer approves.
 * Each person in their own browser context, signed in with their own session.
 */
let t: TestAppWithAuth;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(cookie: Record<string, string>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const value = cookie.cookie!.replace(/^sid=/, '');
  await context.addCookies([{ name: 'sid', value, url: base }]);
  return context.newPage();
}

async function follow(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
});

describe.runIf(hasChromium())('lawyer review in Chromium', () => {
  it('a requested change on a numbered paragraph, then approval', async () => {
    const staffCookie = await t.authenticate('staff', 'e2e-staff');
    const lawyerCookie = await t.authenticate('lawyer', 'e2e-lawyer');
    const generated = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: staffCookie,
      payload: { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
    });
    expect(generated.statusCode, generated.body).toBe(201);
    const id = generated.json().id as string;
    const staff = await signedIn(staffCookie);
    const lawyer = await signedIn(lawyerCookie);

    // Staff: submit the version to the lawyer.
    await staff.goto(`${base}/documents/${id}`);
    expect(await staff.getByRole('button', { name: 'Approve this version' }).count()).toBe(0);
    await staff.getByLabel('Lawyer to review it').selectOption('e2e-lawyer');
    await follow(staff, staff.getByRole('button', { name: 'Submit for review' }));
    expect(await staff.getByRole('status').first().innerText()).toContain('submitted for review');

    // Lawyer: waiting on the home page; the review view numbers the paragraphs.
    await lawyer.goto(`${base}/`);
    const waiting = lawyer.getByRole('region', { name: 'Waiting for me' });
    expect(await waiting.innerText()).toContain('version 1');
    await follow(lawyer, waiting.getByRole('link').first());
    expect(await lawyer.locator('#p2 .paragraph-number').innerText()).toBe('¶ 2');
    await lawyer.getByLabel('About').first().selectOption('p2');
    await lawyer.getByLabel('Comment', { exact: true }).first().fill('Give the date of the detention here.');
    await lawyer.screenshot({ path: artifactPath('review-request-changes.png'), fullPage: true });
    await follow(lawyer, lawyer.getByRole('button', { name: 'Send the comments and request changes' }));
    expect(await lawyer.getByRole('status').first().innerText()).toContain('changes you asked for');
    const comments = await lawyer.locator('.review-panel .review-comments').innerText();
    expect(comments).toContain('¶ 2');
    expect(comments).toContain('Give the date of the detention here.');
    expect(await lawyer.getByRole('button', { name: 'Approve this version' }).count()).toBe(0);

    // Staff: the comment is there, anchored; the same version goes back to review.
    await staff.goto(`${base}/documents/${id}`);
    expect(await staff.locator('.review-panel').innerText()).toContain('Give the date of the detention here.');
    await follow(staff, staff.getByRole('link', { name: '¶ 2' }));
    expect(staff.url()).toContain('#p2');
    expect(await staff.locator('#p2').innerText()).toContain('Give the date of the detention here.');
    await staff.goto(`${base}/documents/${id}`);
    await follow(staff, staff.getByRole('button', { name: 'Submit for review again' }));

    // Lawyer: approves.
    await lawyer.goto(`${base}/documents/${id}`);
    await follow(lawyer, lawyer.getByRole('button', { name: 'Approve this version' }));
    expect(await lawyer.getByRole('status').first().innerText()).toContain('The version is approved');
    expect(await lawyer.locator('dl.record').innerText()).toContain('Approved by e2e-lawyer');
    await lawyer.screenshot({ path: artifactPath('review-approved.png'), fullPage: true });
    await lawyer.goto(`${base}/`);
    expect(await lawyer.getByRole('region', { name: 'Waiting for me' }).count()).toBe(0);
  });
});
