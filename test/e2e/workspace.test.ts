import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData, seedDemoProfile } from '../../src/demo/seed.js';
import { hasChromium } from '../support/tools.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchChromium } from './browser.js';

/** In the page (the tests' tsconfig has no DOM library). */
declare const document: { scrollingElement: { scrollWidth: number } };
declare const getComputedStyle: (element: unknown, pseudo?: string) => { content: string };

/**
 * Issue 14.3 in a real browser: search in Cyrillic, the lists at phone width (390 px) without
 * sideways scrolling, the victim picker with and without scripts, and a note's sources opened
 * from the keyboard.
 */
let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.database.db);
  await seedDemoProfile(t.database.db);
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function withPage(options: Parameters<Browser['newContext']>[0], work: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await browser.newContext(options);
  try {
    await work(await context.newPage());
  } finally {
    await context.close();
  }
}

describe.runIf(hasChromium())('the daily-use pages in Chromium', () => {
  it('finds a person and her incidents by a name typed in Cyrillic', async () => {
    await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
      await page.goto(`${base}/persons`);
      await page.getByLabel('Search names and pseudonyms').fill('Тобылова');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search' }).click()]);
      const rows = page.locator('table.records tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain('Akmaral Tobylova');

      await page.goto(`${base}/incidents`);
      await page.getByLabel('Text', { exact: true }).fill('тобылова');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filter' }).click()]);
      expect(await page.locator('table.records tbody tr').count()).toBeGreaterThan(0);
      expect(new URL(page.url()).searchParams.get('q')).toBe('тобылова');
    });
  });

  it('shows every list at 390 px wide without sideways scrolling', async () => {
    await withPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, async (page) => {
      for (const path of ['/', '/incidents', '/persons', '/sources', '/recommendations', '/addressees', '/documents', '/incidents?size=200', '/generate/urgent-appeal']) {
        await page.goto(`${base}${path}`);
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
      }
      // Stacked rows still say which value is which.
      await page.goto(`${base}/incidents`);
      const label = await page.locator('table.records td[data-label="Place"]').first().evaluate((el) => getComputedStyle(el as never, '::before').content);
      expect(label).toContain('Place');
    });
  });

  it('narrows the victims as you type, with scripts', async () => {
    await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
      await page.goto(`${base}/incidents/new`);
      const victims = page.locator('#f-victims');
      const all = await victims.locator('.choice').count();
      expect(all).toBeGreaterThan(10);
      await victims.getByRole('searchbox').fill('Тобылова');
      await expect.poll(() => victims.locator('.choice:visible').count()).toBe(1);
      expect(await victims.locator('.choice:visible').innerText()).toContain('Akmaral Tobylova');
      expect(await victims.locator('.picker-status').innerText()).toBe(`1 of ${all} shown`);
      // A ticked victim stays in sight whatever is typed next.
      await victims.getByLabel(/Akmaral Tobylova/).check();
      await victims.getByRole('searchbox').fill('zhumagulov');
      await expect.poll(() => victims.locator('.choice:visible').count()).toBe(2);
      await victims.getByRole('searchbox').fill('');
      await expect.poll(() => victims.locator('.choice:visible').count()).toBe(all);
      // The source select narrows too.
      const sources = page.locator('#f-sources-0-source');
      const options = await sources.locator('option').count();
      await page.locator('input.picker-search').nth(1).fill('civicus');
      await expect.poll(() => sources.locator('option:not([hidden])').count()).toBeLessThan(options);
    });
  });

  it('works as a plain list without scripts: every victim there, and saved when ticked', async () => {
    await withPage({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false }, async (page) => {
      await page.goto(`${base}/incidents/new`);
      expect(await page.locator('input.picker-search').count()).toBe(0);
      const victims = page.locator('#f-victims .choice');
      expect(await victims.count()).toBeGreaterThan(10);
      expect(await page.locator('#f-victims .choice:visible').count()).toBe(await victims.count());
      await page.getByLabel('Title (required)').fill('Blogger questioned about a post');
      await page.getByLabel('Summary (required)').fill('Police questioned a blogger about a post.');
      await page.getByLabel('Freedom of expression').check();
      await page.getByLabel('Date (required)').fill('2018-03-30');
      await page.getByLabel('Place (required)').fill('Almaty');
      await page.getByLabel('Country code (required)').fill('KZ');
      // Not the demo's appeal subject: the quick-start appeal must stay fully sourced.
      await page.locator('#f-victims').getByLabel(/Vladlen Tsoi/).check();
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the incident' }).click()]);
      expect(await page.locator('h1').innerText()).toBe('Blogger questioned about a post');
      expect(await page.locator('main').innerText()).toContain('Vladlen Tsoi');
    });
  });

  it("opens a note's sources from the keyboard, not only on hover", async () => {
    await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Try it on the demo data' }).first().click()]);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Preview' }).click()]);
      const citation = page.locator('.preview-frame sup.citation a').first();
      await citation.waitFor({ timeout: 10_000 }).catch(async (err: unknown) => {
        throw new Error(`${String(err)}\n${(await page.locator('main').innerText()).slice(0, 1500)}`);
      });
      expect(await citation.getAttribute('aria-expanded')).toBe('false');
      await citation.focus();
      await page.keyboard.press('Enter');
      expect(await citation.getAttribute('aria-expanded')).toBe('true');
      const popover = page.locator(`#${await citation.getAttribute('aria-controls')}`);
      expect(await popover.isVisible()).toBe(true);
      expect((await popover.innerText()).length).toBeGreaterThan(20);
      await page.keyboard.press('Escape');
      expect(await citation.getAttribute('aria-expanded')).toBe('false');
      expect(await popover.count()).toBe(0);
      // A tap opens it as well.
      await citation.click();
      expect(await citation.getAttribute('aria-expanded')).toBe('true');
    });
  });
});
