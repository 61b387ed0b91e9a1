import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/seed.js';
import { hasChromium } from '../support/tools.js';
import { createTestApp, type TestAppWithAuth } from '../support/app.js';
import { APPEAL_REQUEST, generatedDocument, PDF_BYTES } from '../support/interventions.js';
import { artifactPath, launchChromium } from './browser.js';

/**
 * Interventions in Chromium, on a fixed clock (today 2026-06-15): a staff member records that an
 * approved appeal was sent in March, the home page shows its reply overdue, and the reply is
 * recorded with its file.
 */

let t: TestAppWithAuth;
let base: string;
let browser: Browser;
let page: Page;
let appealId: string;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => new Date('2026-06-15T08:00:00Z') });
  await loadDemoData(t.database.db);
  appealId = (await generatedDocument(t, APPEAL_REQUEST)).id;
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: artifactPath(`failed-interventions-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}.png`), fullPage: true }).catch(() => undefined);
  }
});

const go = (path: string) => page.goto(`${base}${path}`);
async function follow(target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}
const status = async () => {
  await page.getByRole('status').first().waitFor();
  return page.getByRole('status').first().innerText();
};

describe.runIf(hasChromium())('interventions in Chromium', () => {
  it('records that an approved appeal was sent, from its page', async () => {
    await go(`/documents/${appealId}`);
    await follow(page.getByRole('link', { name: 'Record that it was sent' }));
    expect(await page.locator('h1').innerText()).toMatch(/^Record that it was sent/);
    // The appeal's addressees are ticked already.
    expect(await page.getByLabel('President of the Republic of Kazakhstan (KZ)').isChecked()).toBe(true);
    await page.getByLabel('Sent on').fill('2026-03-01');
    await page.getByLabel('Post', { exact: true }).check();
    await page.getByLabel('Reference').fill('UA 61/20');
    await follow(page.getByRole('button', { name: 'Record that it was sent' }));
    expect(await status()).toBe('The sending is recorded. A reply is due by 2026-04-30.');
    expect(await page.locator('dl.record').innerText()).toContain('2026-04-30 — overdue by 46 days');
  });

  it('the home page shows the reply overdue', async () => {
    await go('/');
    const section = page.locator('#replies-due');
    await section.waitFor();
    const overdue = section.locator('table').first();
    expect(await section.locator('h3').first().innerText()).toBe('Overdue');
    expect(await overdue.innerText()).toContain('UA 61/20');
    expect(await overdue.innerText()).toContain('overdue by 46 days');
    await page.screenshot({ path: artifactPath('interventions-home-overdue.png'), fullPage: true });
  });

  it('records the government\'s reply with its file and the outcome; the reply is then off the home page', async () => {
    await go('/');
    await follow(page.locator('#replies-due table a').first());
    await page.getByLabel('Reply received on').fill('2026-06-10');
    await page.getByLabel('What the reply says').fill('The Prosecutor General says the detention was lawful.');
    await page.setInputFiles('input[type=file]', { name: 'reply-from-the-prosecutor.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Released' });
    await follow(page.getByRole('button', { name: 'Save' }));
    expect(await status()).toBe('Saved.');
    const record = await page.locator('dl.record').innerText();
    expect(record).toContain('Received 2026-06-10: The Prosecutor General says the detention was lawful.');
    expect(record).toContain('Released');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^reply-iv-kz-.*\.pdf$/ }).click()]);
    expect(readFileSync(await download.path()).equals(PDF_BYTES)).toBe(true);

    await go('/');
    expect(await page.locator('body').innerText()).not.toContain('UA 61/20');
  });
});
