/**
 * The agent console and the requester's pages in a browser (headless Chromium) over the built service:
 * the queue's filters, search, views and pages; a ticket's activity, names and confirmations; the
 * greeting, the request page, "My requests" and the 404 page; and the requester's journey by keyboard
 * alone. Every page is checked at 1280 px and 390 px to be no wider than its viewport, and
 * screenshotted to test-artifacts/screenshots/ (console-*.png).
 */

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService, ROOT, type Service, startService } from '../support/built-service.js';
import { callApi, demoToken } from '../support/service-api.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-artifacts/screenshots');
const WIDTHS = [1280, 390] as const;
const LONG_URL = `https://intranet.acme.example/it/known-issues/${'display-driver-regression-'.repeat(7)}details`;

let service: Service;
let browser: Browser;

const tokenOf = (email: string) => demoToken(service.base, email);
const call = (token: string, method: string, path: string, body?: unknown) =>
  callApi(service.base, token, method, path, body);

/** A person signed in through the demo identities, at one viewport width. */
async function as(name: RegExp, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(`${service.base}/`);
  await page.getByRole('button', { name }).click();
  await page.getByRole('link', { name: 'My requests' }).waitFor();
  return page;
}

async function fits(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  // What sticks out, innermost first, so a failure names the culprit.
  const out = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter(
        (el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5),
      )
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
  expect(wide, `${name} is ${wide} px wider than its viewport: ${out.join(', ')}`).toBeLessThanOrEqual(0);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === document.body || !el
      ? 'body'
      : `${el.tagName.toLowerCase()}:${el.textContent?.trim() ?? ''}`;
  });

let keys: { flicker: string; resolved: string; hr: string };
let seeding: Promise<void> | undefined;

/** Rita's requests, worked a little by Alice: made once, after the first test has seen an empty chat. */
function seeded(): Promise<void> {
  seeding ??= (async () => {
    const rita = await tokenOf('rita@acme.example');
    const alice = await tokenOf('alice@acme.example');
    const laptop = (description: string) => ({
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description },
    });
    const flicker = await call(
      rita,
      'POST',
      '/api/v1/tickets',
      laptop('The screen flickers after the update'),
    );
    for (let i = 0; i < 27; i++)
      await call(rita, 'POST', '/api/v1/tickets', laptop(`Dock number ${i} does not charge`));
    const resolved = await call(rita, 'POST', '/api/v1/tickets', laptop('Keyboard sticks'));
    const hr = await call(rita, 'POST', '/api/v1/tickets', {
      requestType: 'payroll-question',
      fields: { question: 'Why is my tax code different this month?' },
    });
    // The sample's round-robin rule assigned it: unassigned again, so Alice can take it.
    await call(alice, 'PATCH', `/api/v1/tickets/${flicker.key}`, { priority: 'highest', assignee: null });
    await call(alice, 'POST', `/api/v1/tickets/${flicker.key}/comments`, {
      body: `Known issue, see ${LONG_URL} for the fix.`,
    });
    await call(alice, 'PATCH', `/api/v1/tickets/${resolved.key}`, { assignee: 'alice@acme.example' });
    await call(alice, 'POST', `/api/v1/tickets/${resolved.key}/transitions`, {
      transition: 'resolve',
      fields: { resolution: 'Done' },
    });
    keys = { flicker: flicker.key, resolved: resolved.key, hr: hr.key };
  })();
  return seeding;
}

describe.skipIf(!existsSync(CHROMIUM))(
  'the console and the portal in a browser',
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      const dist =
        process.env.E2E_SKIP_BUILD === '1'
          ? join(ROOT, 'dist')
          : await buildService('test-artifacts/e2e-console-build');
      service = await startService(dist, {});
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      });
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
    }, 60_000);

    it('greets a new chat and offers examples', async () => {
      for (const width of WIDTHS) {
        const rita = await as(/Rita Requester/, width);
        await rita.getByRole('group', { name: 'Examples' }).waitFor();
        await fits(rita, `chat-${width}`);
        await rita.context().close();
      }
    });

    it('filters, searches and pages a queue, with its views, SLA column and counts', async () => {
      await seeded();
      for (const width of WIDTHS) {
        const alice = await as(/Alice Agent/, width);
        await alice.goto(`${service.base}/agent?queue=all`);
        const summary = alice.locator('.queue > .meta');
        await expect.poll(() => summary.textContent()).toBe('1–25 of 29 tickets');
        // Each row has its SLA: the highest-priority request's first response is running.
        const row = alice.locator('tbody tr').first();
        expect(await row.locator('.sla-cell').textContent()).toMatch(/Response: (met|.+ (left|over))/);
        await fits(alice, `queue-all-${width}`);

        await alice.getByRole('button', { name: 'Next page' }).click();
        await expect.poll(() => summary.textContent()).toBe('26–29 of 29 tickets');
        expect(alice.url()).toContain('page=2');

        await alice.getByLabel('Search').fill('flickers');
        await expect.poll(() => summary.textContent()).toBe('1–1 of 1 ticket');
        expect(await alice.locator('tbody tr').first().textContent()).toMatch(/Highest|High/);
        await alice.getByLabel('Search').fill('');
        await alice.getByLabel('Priority').selectOption('highest');
        await expect.poll(() => alice.locator('tbody tr').count()).toBe(1);
        await alice.getByLabel('Priority').selectOption('');
        await alice.getByLabel('Order').selectOption('created:asc');
        await expect.poll(() => alice.locator('tbody tr th').first().textContent()).toBe(keys.flicker);
        // The state is in the URL: a reload shows the same list.
        await alice.reload();
        expect(await alice.getByLabel('Order').inputValue()).toBe('created:asc');

        await alice.getByRole('link', { name: /Resolved/ }).click();
        await alice.getByRole('link', { name: keys.resolved, exact: true }).waitFor();
        expect(await alice.locator('tbody tr').count()).toBe(1);
        await fits(alice, `queue-resolved-${width}`);
        await alice.context().close();
      }
    });

    it('shows a ticket with its activity, names, working-time goals and a confirmation of each change', async () => {
      await seeded();
      for (const width of WIDTHS) {
        const alice = await as(/Alice Agent/, width);
        await alice.goto(`${service.base}/agent/tickets/${keys.flicker}`);
        const activity = alice.getByRole('region', { name: 'Activity' });
        await activity.getByText('changed the priority from Medium to Highest').waitFor();
        // The 1280 px round sets it to High.
        expect(await alice.getByLabel('Priority').locator('option:checked').textContent()).toBe(
          width === 1280 ? 'Highest' : 'High',
        );
        // The long URL wraps and is a link.
        expect(await alice.getByRole('link', { name: LONG_URL }).getAttribute('href')).toBe(LONG_URL);
        expect(await alice.getByRole('region', { name: 'SLA' }).textContent()).toMatch(/working day/);
        await fits(alice, `ticket-${width}`);

        if (width === 1280) {
          await alice.getByRole('button', { name: 'Assign to me' }).click();
          await alice.getByRole('status').getByText('Assigned to Alice Agent.').waitFor();
          await expect
            .poll(() => alice.getByRole('button', { name: 'Assigned to you' }).isDisabled())
            .toBe(true);
          await expect
            .poll(() => activity.locator('li').first().textContent())
            .toContain('assigned it to Alice Agent');
          await alice.getByLabel('Priority').selectOption('high');
          await alice.getByRole('status').getByText('Priority set to High.').waitFor();
        }
        await alice.context().close();
      }
    });

    it('lists my requests, shows a request and a page for an unknown path', async () => {
      await seeded();
      for (const width of WIDTHS) {
        const rita = await as(/Rita Requester/, width);

        await rita.getByRole('link', { name: 'My requests' }).click();
        await rita.getByRole('heading', { name: 'My requests' }).waitFor();
        await rita.getByRole('link', { name: new RegExp(keys.hr) }).waitFor();
        expect(await rita.getByRole('link', { name: new RegExp(keys.resolved) }).count()).toBe(0);
        await rita.getByLabel('Show').selectOption('resolved');
        await rita.getByRole('link', { name: new RegExp(keys.resolved) }).waitFor();
        await rita.getByLabel('Show').selectOption('all');
        await rita.getByLabel('Search your requests').fill('tax code');
        await rita.getByRole('button', { name: 'Search' }).click();
        await expect.poll(() => rita.locator('.request-item').count()).toBe(1);
        await fits(rita, `my-requests-${width}`);

        await rita.goto(`${service.base}/requests/${keys.flicker}`);
        await rita.getByRole('link', { name: LONG_URL }).waitFor();
        await fits(rita, `request-${width}`);

        await rita.goto(`${service.base}/nope`);
        await rita.getByRole('heading', { name: 'Page not found' }).waitFor();
        await fits(rita, `not-found-${width}`);
        await rita.context().close();
      }
    });

    it("attaches a photo from the request page, shown inline to both; an internal note's file only to agents", async () => {
      await seeded();
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
        'base64',
      );
      const rita = await as(/Rita Requester/, 390);
      await rita.goto(`${service.base}/requests/${keys.hr}`);
      await rita.getByText('No comments yet.').waitFor(); // an empty thread says so
      await rita.getByLabel('Add a comment').fill('Here is the payslip screen');
      await rita
        .getByLabel('Attach files')
        .setInputFiles({ name: 'payslip.png', mimeType: 'image/png', buffer: png });
      await rita.getByRole('button', { name: 'Add comment' }).click();
      const shown = rita.getByRole('img', { name: 'payslip.png' });
      await shown.waitFor();
      await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
      await fits(rita, 'request-with-photo-390');

      // Alice works IT, not HR: an IT ticket instead, with a note carrying a file.
      const alice = await as(/Alice Agent/, 1280);
      await alice.goto(`${service.base}/agent/tickets/${keys.flicker}`);
      await alice.getByLabel('Reply or note').fill('Driver log for us');
      await alice.getByLabel('Attach files').setInputFiles({
        name: 'driver.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('GPU driver 31.0.15 crashed'),
      });
      await alice.getByRole('button', { name: 'Add internal note' }).click();
      await alice
        .locator('.comment.internal')
        .getByRole('button', { name: /driver\.txt/ })
        .waitFor();
      await fits(alice, 'ticket-with-note-file-1280');
      await rita.goto(`${service.base}/requests/${keys.flicker}`);
      await rita.getByRole('link', { name: LONG_URL }).waitFor();
      expect(await rita.getByText('driver.txt').count()).toBe(0);
      await rita.context().close();
      await alice.context().close();
    });

    it('takes a request from words to a ticket by keyboard alone, the focus following each answer', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${service.base}/`);
      // Sign in: Tab to the demo identity, Enter.
      for (let i = 0; i < 30 && !(await focused(page)).includes('Rita Requester'); i++)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('log', { name: 'Conversation' }).waitFor();
      await expect.poll(() => focused(page)).toBe('textarea:'); // the composer has the focus from the start

      await page.keyboard.type('My laptop will not start after the update');
      await page.keyboard.press('Enter');
      const log = page.getByRole('log', { name: 'Conversation' });
      const help = log.getByRole('button', { name: 'I still need help' }).last();
      await help.waitFor();
      // Back from the composer to the answer's last control.
      for (let i = 0; i < 5 && (await focused(page)) !== 'button:I still need help'; i++)
        await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe('button:I still need help');
      await page.keyboard.press('Enter');

      // The pressed button is disabled now; the focus goes to the next answer's first control.
      const choose = log.getByLabel('Choose a request type').last();
      await choose.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
      await page.keyboard.type('Laptop');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button:Choose');
      await page.keyboard.press('Enter');

      const form = log.locator('form.intake-form').last();
      await form.waitFor();
      await expect
        .poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('form.intake-form'))))
        .toBe(true);
      // Fill every field by keyboard: type into text, pick the first option of a select, then Continue.
      for (let i = 0; i < 12; i++) {
        const kind = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el ? `${el.tagName}:${el.type}:${el.textContent?.trim() ?? ''}` : 'none';
        });
        if (kind.startsWith('BUTTON') && /Continue|Send request/.test(kind)) break;
        if (kind.startsWith('SELECT')) await page.keyboard.press('ArrowDown');
        else if (kind.startsWith('TEXTAREA') || kind.startsWith('INPUT:text'))
          await page.keyboard.type('It stays black');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      const send = log.getByRole('button', { name: 'Send request' }).last();
      await send.waitFor();
      await expect.poll(() => focused(page)).toBe('button:Send request');
      await page.keyboard.press('Enter');
      await log.getByText(/Your request .* is Open/).waitFor();
      await page.screenshot({ path: join(SHOTS, 'console-keyboard-journey.png') });
      await context.close();
    });
  },
);
