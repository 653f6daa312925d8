/**
 * The whole journey in a browser (headless Chromium, the system's /usr/bin/chromium): a requester asks
 * in her own words, opens a request through the form, and sees the agent's reply arrive live; the
 * agent works the ticket from the queue. Screenshots of each page go to test-artifacts/screenshots/.
 */

import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService, ROOT, type Service, startService } from '../support/built-service.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-artifacts/screenshots');
/** The article step is asserted only once the knowledge base module is in the tree. */
const KB_MODULE = existsSync(join(ROOT, 'src/core/kb/kb.service.ts'));
const REPLY = 'Please update the display driver from Software Center, then restart.';
const NOTE = 'Internal: looks like last week’s GPU driver regression.';

let service: Service;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signIn(name: RegExp): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(`${service.base}/`);
  await page.getByRole('button', { name }).click();
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

describe.skipIf(!existsSync(CHROMIUM))('the web chat in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist =
      process.env.E2E_SKIP_BUILD === '1'
        ? join(ROOT, 'dist')
        : await buildService('test-artifacts/e2e-web-build');
    // At debug every request is logged: none of those lines may carry a token.
    service = await startService(dist, { LOG_LEVEL: 'debug' });
    // launch() gives the browser a fresh temporary profile (user-data dir) and removes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await service?.stop();
  }, 60_000);

  it('takes a request from own words to a ticket, and shows the agent’s reply but never the note', async () => {
    expect(service.logs()).toContain('channels on: web chat (demo identities on), REST API');
    const rita = await signIn(/Rita Requester/);
    await rita.waitForURL(`${service.base}/`);
    const log = rita.getByRole('log', { name: 'Conversation' });

    await rita.getByLabel('Your message').fill('My laptop screen keeps flickering after the update');
    await rita.keyboard.press('Enter');
    await expect.poll(() => log.getByText('My laptop screen keeps flickering').count()).toBe(1);
    if (KB_MODULE) {
      const articles = log.getByRole('list', { name: 'Suggested articles' });
      await articles.first().waitFor();
      expect(await articles.first().getByRole('link').count()).toBeGreaterThan(0);
      await shot(rita, 'requester-chat');
      await log.getByRole('button', { name: 'I still need help' }).click();
    } else {
      await shot(rita, 'requester-chat');
    }

    const type = log.getByLabel('Choose a request type').last();
    await type.waitFor();
    await type.selectOption('laptop-problem');
    await log.getByRole('button', { name: 'Choose' }).last().click();

    // One wrong value first: the error appears next to that field, and the field says it is invalid.
    let form = log.locator('form.intake-form').last();
    await form.getByLabel('Device').selectOption('Laptop');
    await form
      .getByLabel('What is happening?')
      .fill('The screen flickers every few seconds since the update.');
    await form.getByLabel('Asset tag').fill('ACME-01234-AND-MUCH-TOO-LONG');
    await form.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => log.locator('form.intake-form').count()).toBe(2);
    form = log.locator('form.intake-form').last();
    const assetTag = form.getByLabel('Asset tag');
    await expect.poll(() => assetTag.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await assetTag.getAttribute('aria-describedby'))!
      .split(' ')
      .find((id) => id.endsWith('-error'))!;
    const error = form.locator(`[id="${errorId}"]`);
    expect(await error.textContent()).toMatch(/at most 20 characters/);
    // Next to the field: in the same field block as the input.
    const block = form.locator('.field.has-error').filter({ has: rita.getByLabel('Asset tag') });
    expect(await block.filter({ has: rita.locator(`[id="${errorId}"]`) }).count()).toBe(1);
    expect(await form.getByLabel('Device').inputValue()).toBe('Laptop'); // what was entered is kept
    await shot(rita, 'form-with-error');

    await assetTag.fill('ACME-01234');
    await form.getByRole('button', { name: 'Continue' }).click();
    await log.getByRole('button', { name: 'Send request' }).last().click();
    const confirmation = log.getByText(/Your request .* is Open: the IT team picks it up/);
    await confirmation.waitFor();
    const key = (await log
      .locator('a', { hasText: /^IT-\d+$/ })
      .last()
      .textContent())!;
    expect(key).toMatch(/^IT-\d+$/);
    // Answered messages keep their buttons, disabled.
    expect(await log.getByRole('button', { name: 'Send request' }).last().isDisabled()).toBe(true);
    await shot(rita, 'confirmation');

    // The agent, in another browser context: from the queue to the ticket.
    const alice = await signIn(/Alice Agent/);
    await alice.waitForURL(`${service.base}/agent`);
    // The sample desk's round-robin rule has given the request an agent: it is in "IT - open".
    await alice.getByRole('link', { name: /IT - open/ }).click();
    await alice.getByRole('link', { name: key }).waitFor();
    await shot(alice, 'agent-queue');
    await alice.getByRole('link', { name: key }).click();
    await alice.waitForURL(`${service.base}/agent/tickets/${key}`);
    const box = alice.getByLabel('Reply or note');
    await box.fill(REPLY);
    await alice.getByRole('button', { name: 'Send reply' }).click();
    await alice.locator('.comment', { hasText: REPLY }).waitFor();
    await box.fill(NOTE);
    await alice.getByRole('button', { name: 'Add internal note' }).click();
    await alice.locator('.comment.internal', { hasText: NOTE }).getByText('Internal note').waitFor();
    // A change relayed after the note: once the requester sees it, a relayed note would be there too.
    await alice.getByRole('button', { name: 'Start progress' }).click();
    await alice.locator('.ticket-head').getByText('In progress').waitFor();
    await shot(alice, 'agent-ticket');
    // The transcript: the whole thread as a file, the note marked as one.
    const [download] = await Promise.all([
      alice.waitForEvent('download'),
      alice.getByRole('button', { name: 'Download transcript' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${key}-transcript.txt`);
    const file = await readFile((await download.path())!, 'utf8');
    expect(file).toContain(`(internal note):\n    ${NOTE}`);
    expect(file).toContain(`(public):\n    ${REPLY}`);

    // The requester's open page got the reply and the status, live, and never the note.
    await log.getByText(REPLY).waitFor({ timeout: 15_000 });
    await log.getByText(/is now In progress/).waitFor({ timeout: 15_000 });
    expect(await rita.getByText('GPU driver regression').count()).toBe(0);
    const transcript = await rita.evaluate(async () => {
      const token = sessionStorage.getItem('deskbot.token');
      return (await fetch('/web/transcript', { headers: { authorization: `Bearer ${token}` } })).text();
    });
    expect(transcript).toContain('display driver');
    expect(transcript).not.toContain('GPU');
    await shot(rita, 'requester-with-reply');

    // The request page shows the public thread only.
    await log.getByRole('link', { name: key }).last().click();
    await rita.waitForURL(`${service.base}/requests/${key}`);
    await rita.locator('.comment', { hasText: REPLY }).waitFor();
    expect(await rita.getByText('GPU driver regression').count()).toBe(0);

    // Tokens travel in headers only: never in a URL, so never in the logs.
    const token = (await rita.evaluate(() => sessionStorage.getItem('deskbot.token')))!;
    expect(token).toMatch(/^dsk_/);
    expect(service.logs()).toContain('incoming request');
    expect(service.logs()).not.toContain(token);
  });
});
