/**
 * Reports and the managers' dashboard in a browser (headless Chromium), over requests made through the
 * REST API of the built service: the charts load as images under the strict CSP, CSV downloads, and no
 * page is wider than its viewport at 1280 px or 390 px. Screenshots go to test-artifacts/screenshots/.
 */

import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService, ROOT, type Service, startService } from '../support/built-service.js';
import { callApi, demoToken } from '../support/service-api.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-artifacts/screenshots');

let service: Service;
let browser: Browser;

const tokenOf = (email: string) => demoToken(service.base, email);
const call = (token: string, method: string, path: string, body?: unknown) =>
  callApi(service.base, token, method, path, body);

/** Maria (IT manager) signed in through the demo identities, at one viewport width. */
async function asMaria(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(`${service.base}/`);
  await page.getByRole('button', { name: /Maria Manager/ }).click();
  await page.getByRole('link', { name: 'Reports' }).waitFor();
  return page;
}

const widerThanViewport = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe.skipIf(!existsSync(CHROMIUM))('reports in a browser', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist =
      process.env.E2E_SKIP_BUILD === '1'
        ? join(ROOT, 'dist')
        : await buildService('test-artifacts/e2e-reports-build');
    service = await startService(dist, {});
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const rita = await tokenOf('rita@acme.example');
    const alice = await tokenOf('alice@acme.example');
    for (let i = 0; i < 6; i++)
      await call(rita, 'POST', '/api/v1/tickets', {
        requestType: 'laptop-problem',
        fields: { device: i % 2 ? 'Laptop' : 'Monitor', description: `Broken ${i}` },
      });
    await call(rita, 'POST', '/api/v1/tickets', {
      requestType: 'access-request',
      fields: { system: 'VPN', justification: 'Remote work' },
    });
    await call(alice, 'POST', '/api/v1/tickets/IT-1/comments', { body: 'On it' });
    for (const key of ['IT-1', 'IT-2']) {
      await call(alice, 'POST', `/api/v1/tickets/${key}/transitions`, { transition: 'start_progress' });
      await call(alice, 'POST', `/api/v1/tickets/${key}/transitions`, {
        transition: 'resolve',
        fields: { resolution: 'Done' },
      });
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  }, 60_000);

  for (const width of [1280, 390]) {
    it(`shows the reports with their charts and a CSV at ${width} px`, async () => {
      const page = await asMaria(width);
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Created versus resolved' }).waitFor();
      const section = page.locator('section', {
        has: page.getByRole('heading', { name: 'Created versus resolved' }),
      });
      await expect(section.locator('dd').first().textContent()).resolves.toBe('7');
      const chart = section.locator('img.chart');
      await chart.waitFor();
      expect(await chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(
        true,
      );
      expect(await chart.getAttribute('alt')).toContain('Created: 7; Resolved: 2');
      expect(await widerThanViewport(page)).toBe(false);
      await page.screenshot({ path: join(SHOTS, `reports-${width}.png`), fullPage: true });
      if (width === 1280) {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          section.getByRole('button', { name: 'Download CSV' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(
          /^created-resolved-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
        );
        const csv = await readFile((await download.path())!, 'utf8');
        expect(csv.split('\r\n')[0]).toBe('Period,Created,Resolved');
      }
      await page.context().close();
    });

    it(`shows the managers' dashboard at ${width} px`, async () => {
      const page = await asMaria(width);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByRole('heading', { name: /Unassigned \(\d+\)/ }).waitFor();
      // The sample's round-robin rule gave each new laptop request an agent; only the access request,
      // waiting for approval, has none. Load: IT-1 and IT-2 are resolved, four open ones went round.
      expect(await page.getByRole('heading', { name: /Unassigned/ }).textContent()).toBe('Unassigned (1)');
      const load = await page.locator('.load li').allTextContents();
      expect(load).toHaveLength(3);
      expect(load.join(' ')).toMatch(/Alice Agent.*\d/);
      expect(await widerThanViewport(page)).toBe(false);
      await page.screenshot({ path: join(SHOTS, `dashboard-${width}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
