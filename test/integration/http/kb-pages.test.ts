import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;

async function page(path: string) {
  const res = await fetch(`${api.base}${path}`);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

async function json(path: string) {
  const res = await fetch(`${api.base}${path}`);
  return { status: res.status, body: await res.json() };
}

describe(`public KB pages, no sign-in (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
    const kim = await t.person('kim');
    await t.desk.kb.create(kim, { title: 'IT help', labels: ['it'], status: 'published' });
    await t.desk.kb.create(kim, {
      title: 'Connect to the <VPN> & "more"',
      slug: 'vpn',
      parent: 'it-help',
      labels: ['vpn', 'network'],
      body: '## Steps\n\nOpen **GlobalProtect**. <script>alert(1)</script> [bad](javascript:alert(1))',
      status: 'published',
    });
    await t.desk.kb.create(kim, { title: 'Secret plans', body: 'draft only', labels: ['vpn'] });
  });
  afterEach(async () => {
    await api.app.close();
    await t.desk.kb.stop();
  });

  it('/kb lists the tree and labels, with a CSP that allows only our inline script and style', async () => {
    const res = await page('/kb');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.html).toContain(
      '<a href="/kb/it-help">IT help</a><ul><li><a href="/kb/vpn">Connect to the &#60;VPN&#62; &#38; &#34;more&#34;</a>',
    );
    expect(res.html).not.toContain('Secret plans');
    expect(res.html).toContain('<a href="/kb?label=network">network</a>');
    expect(res.html).toMatch(/<form role="search" action="\/kb" method="get">/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(res.html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.html)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(script).toContain('/kb/suggest.json');
    expect(script).toContain('/kb/search.json');
  });

  it('/kb/:slug renders the article safely with breadcrumbs, labels and last updated; records the open', async () => {
    const res = await page('/kb/vpn');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.html).toContain('<h1>Connect to the &#60;VPN&#62; &#38; &#34;more&#34;</h1>');
    expect(res.html).toContain(
      '<title>Connect to the &#60;VPN&#62; &#38; &#34;more&#34; · Acme Service Desk</title>',
    );
    expect(res.html).toMatch(
      /<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="\/kb">Knowledge base<\/a><\/li><li><a href="\/kb\/it-help">IT help<\/a><\/li><li><a href="\/kb\/vpn" aria-current="page">/,
    );
    expect(res.html).toContain('<h2 id="steps">Steps</h2>');
    expect(res.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.html).not.toMatch(/href="javascript:/i);
    expect(res.html).toContain('<a href="/kb?label=vpn">vpn</a>');
    expect(res.html).toContain(
      'Last updated <time datetime="2026-11-25T10:00:00.000Z">25 November 2026</time> · version 1',
    );
    expect(await t.store.kb.events('article_opened')).toEqual([
      expect.objectContaining({ slugs: ['vpn'], personId: null }),
    ]);
  });

  it('drafts and unknown slugs are a 404 page, and nothing is recorded', async () => {
    for (const path of ['/kb/secret-plans', '/kb/nope']) {
      const res = await page(path);
      expect(res.status).toBe(404);
      expect(res.html).toContain('<h1>Article not found</h1>');
      expect(res.html).not.toContain('draft only');
    }
    expect(await t.store.kb.events()).toEqual([]);
  });

  it('filters by label, showing published articles only', async () => {
    const res = await page('/kb?label=vpn');
    expect(res.html).toContain('<h1>Articles labelled “vpn”</h1>');
    expect(res.html).toContain('<a href="/kb/vpn">');
    expect(res.html).not.toContain('Secret plans');
    const odd = await page('/kb?label=%3Cimg%20src%3Dx%3E');
    expect(odd.html).toContain('Articles labelled “&#60;img src=x&#62;”');
    expect(odd.html).toContain('No article has this label.');
  });

  it('search page and search.json: results with snippets; submitted misses are recorded, typing is not', async () => {
    const res = await page('/kb?q=globalprot');
    expect(res.html).toContain('Search results for “globalprot”');
    expect(res.html).toContain('<a href="/kb/vpn">Connect to the &#60;VPN&#62;');
    expect(res.html).toContain('value="globalprot"');
    const live = await json('/kb/search.json?q=vpn%20glob&live=1');
    expect(live.status).toBe(200);
    expect(live.body.results).toEqual([
      expect.objectContaining({
        slug: 'vpn',
        url: '/kb/vpn',
        labels: ['vpn', 'network'],
        snippet: expect.stringContaining('GlobalProtect'),
      }),
    ]);
    expect((await json('/kb/search.json?q=secret')).body.results).toEqual([]);
    expect((await json('/kb/search.json?q=unicor&live=1')).body.results).toEqual([]);
    await page('/kb?q=%3Cb%3Eunicorn');
    const misses = await t.store.kb.events('search_no_results');
    expect(misses.map((e) => e.query)).toEqual(['secret', '<b>unicorn']);
    expect((await page('/kb?q=%3Cb%3Eunicorn')).html).toContain('Search results for “&#60;b&#62;unicorn”');
  });

  it('suggest.json completes what is being typed', async () => {
    const res = await json('/kb/suggest.json?q=glob');
    expect(res.body.suggestions[0]).toMatchObject({ suggestion: 'globalprotect' });
    expect((await json('/kb/suggest.json')).body.suggestions).toEqual([]);
  });
});
