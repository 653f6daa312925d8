import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;
let kim: string;
let rita: string;

describe(`REST API /api/v1/kb (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
    kim = await api.tokenFor('kim');
    rita = await api.tokenFor('rita');
  });
  afterEach(async () => {
    await api.app.close();
    await t.desk.kb.stop();
  });

  it('needs a Bearer token', async () => {
    expect((await api.call('GET', '/api/v1/kb/tree')).status).toBe(401);
    expect((await api.call('GET', '/api/v1/kb/articles/x')).status).toBe(401);
  });

  it('creates from a template (201 + Location), reads with HTML, breadcrumbs and versions', async () => {
    const templates = await api.call('GET', '/api/v1/kb/templates', rita);
    expect(templates.body.templates.map((x: { id: string }) => x.id)).toEqual([
      'how-to',
      'troubleshooting',
      'blank',
    ]);
    const root = await api.call('POST', '/api/v1/kb/articles', kim, {
      title: 'IT help',
      status: 'published',
    });
    expect(root.status).toBe(201);
    expect(root.headers.get('location')).toBe('/api/v1/kb/articles/it-help');
    const created = await api.call('POST', '/api/v1/kb/articles', kim, {
      title: 'Printer jams',
      template: 'troubleshooting',
      labels: ['Printer'],
      parent: 'it-help',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      slug: 'printer-jams',
      status: 'draft',
      version: 1,
      labels: ['printer'],
      parent: 'it-help',
      url: '/kb/printer-jams',
      breadcrumbs: [
        { slug: 'it-help', title: 'IT help' },
        { slug: 'printer-jams', title: 'Printer jams' },
      ],
      updatedBy: { name: 'Kim Writer', email: 'kim@acme.example' },
      versions: [{ version: 1, title: 'Printer jams', author: { name: 'Kim Writer' } }],
    });
    expect(created.body.html).toContain('<h2 id="symptoms">Symptoms</h2>');
    const read = await api.call('GET', '/api/v1/kb/articles/printer-jams', kim);
    expect(read.status).toBe(200);
    expect(read.body.body).toContain('## Still stuck?');
  });

  it('updates (a new version; 409 when stale), moves, publishes and lists versions', async () => {
    await api.call('POST', '/api/v1/kb/articles', kim, { title: 'Root A', status: 'published' });
    await api.call('POST', '/api/v1/kb/articles', kim, { title: 'Root B', status: 'published' });
    await api.call('POST', '/api/v1/kb/articles', kim, { title: 'Wi-Fi', body: 'one' });
    const edited = await api.call('PATCH', '/api/v1/kb/articles/wi-fi', kim, { body: 'two', version: 1 });
    expect(edited.body).toMatchObject({ version: 2, body: 'two' });
    const stale = await api.call('PATCH', '/api/v1/kb/articles/wi-fi', kim, { body: 'three', version: 1 });
    expect(stale.status).toBe(409);
    const moved = await api.call('POST', '/api/v1/kb/articles/wi-fi/move', kim, {
      parent: 'root-b',
      position: 0,
    });
    expect(moved.body.breadcrumbs.map((c: { slug: string }) => c.slug)).toEqual(['root-b', 'wi-fi']);
    const loop = await api.call('POST', '/api/v1/kb/articles/root-b/move', kim, { parent: 'wi-fi' });
    expect(loop.status).toBe(400);
    expect(loop.body.error.fields.parent).toMatch(/loop/);
    expect((await api.call('POST', '/api/v1/kb/articles/wi-fi/publish', kim)).body.status).toBe('published');
    const tree = await api.call('GET', '/api/v1/kb/tree', rita);
    expect(tree.body.tree.map((n: { slug: string }) => n.slug)).toEqual(['root-a', 'root-b']);
    expect(tree.body.tree[1].children[0].slug).toBe('wi-fi');
    const versions = await api.call('GET', '/api/v1/kb/articles/wi-fi/versions', rita);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v1 = await api.call('GET', '/api/v1/kb/articles/wi-fi/versions/1', rita);
    expect(v1.body).toMatchObject({ version: 1, body: 'one', author: { name: 'Kim Writer' } });
    expect(
      (await api.call('GET', '/api/v1/kb/articles/wi-fi/versions/zero', rita)).body.error.fields,
    ).toHaveProperty('version');
    expect((await api.call('POST', '/api/v1/kb/articles/wi-fi/unpublish', kim)).body.status).toBe('draft');
    expect((await api.call('GET', '/api/v1/kb/articles/wi-fi', rita)).status).toBe(404);
  });

  it('400 names each bad field; 403 for non-editors; 404 for drafts to non-editors', async () => {
    const bad = await api.call('POST', '/api/v1/kb/articles', kim, {
      title: '',
      template: 'poem',
      labels: 'vpn',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['labels']);
    const worse = await api.call('POST', '/api/v1/kb/articles', kim, {
      title: '',
      template: 'poem',
      slug: 'A B',
    });
    expect(worse.status).toBe(400);
    expect(worse.body.error.fields).toEqual({
      title: 'is required',
      slug: expect.any(String),
      template: 'must be one of: how-to, troubleshooting, blank',
    });
    expect((await api.call('POST', '/api/v1/kb/articles', rita, { title: 'Mine' })).status).toBe(403);
    await api.call('POST', '/api/v1/kb/articles', kim, { title: 'Draft' });
    expect((await api.call('PATCH', '/api/v1/kb/articles/draft', rita, { body: 'x' })).status).toBe(403);
    expect((await api.call('POST', '/api/v1/kb/articles/draft/publish', rita)).status).toBe(403);
    expect((await api.call('GET', '/api/v1/kb/articles/draft', rita)).status).toBe(404);
    expect((await api.call('GET', '/api/v1/kb/articles/draft', kim)).status).toBe(200);
    expect((await api.call('GET', '/api/v1/kb/articles', rita)).body.articles).toEqual([]);
  });

  it('lists by label and searches; a signed-in miss is recorded with who searched', async () => {
    await api.call('POST', '/api/v1/kb/articles', kim, {
      title: 'VPN',
      labels: ['vpn'],
      body: 'GlobalProtect',
      status: 'published',
    });
    await api.call('POST', '/api/v1/kb/articles', kim, {
      title: 'Printer',
      labels: ['printer'],
      status: 'published',
    });
    const listed = await api.call('GET', '/api/v1/kb/articles?label=vpn', rita);
    expect(listed.body.articles.map((a: { slug: string }) => a.slug)).toEqual(['vpn']);
    expect((await api.call('GET', '/api/v1/kb/labels', rita)).body.labels).toEqual([
      { label: 'printer', count: 1 },
      { label: 'vpn', count: 1 },
    ]);
    const found = await api.call('GET', '/api/v1/kb/search?q=globalprot', rita);
    expect(found.body.results).toEqual([
      expect.objectContaining({ slug: 'vpn', url: '/kb/vpn', snippet: 'GlobalProtect' }),
    ]);
    await api.call('GET', '/api/v1/kb/search?q=unicorn', rita);
    const [miss] = await t.store.kb.events('search_no_results');
    expect(miss).toMatchObject({ query: 'unicorn', personId: (await t.person('rita')).id });
  });
});
