import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { testDesk } from '../../support/test-desk.js';

let api: TestApi;

describe('an unknown path', () => {
  beforeAll(async () => {
    api = await startTestApi(await testDesk());
  });
  afterAll(async () => {
    await api.app.close();
  });

  it('is a page for a browser, with the way back, and the path escaped', async () => {
    const res = await fetch(`${api.base}/nope/<b>?x=1`, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('<code>/nope/%3Cb%3E</code>');
    expect(html).toContain('href="/"');
  });

  it('is JSON for an API client, and under /api even for a browser', async () => {
    const json = await fetch(`${api.base}/nope`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /nope' } });
    const underApi = await fetch(`${api.base}/api/v1/nope`, { headers: { accept: 'text/html' } });
    expect(underApi.headers.get('content-type')).toMatch(/^application\/json/);
    const post = await fetch(`${api.base}/nope`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(post.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
