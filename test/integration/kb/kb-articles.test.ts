import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { KnowledgeBase } from '../../../src/core/kb/kb.service.js';
import type { Person } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let kb: KnowledgeBase;
let kim: Person;
let ada: Person;
let rita: Person;
let alice: Person;

async function fieldsOf(p: Promise<unknown>): Promise<Record<string, string>> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fields;
}

describe(`KB articles: templates, versions, drafts, labels, who writes (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    kb = t.desk.kb;
    kim = await t.person('kim');
    ada = await t.person('ada');
    rita = await t.person('rita');
    alice = await t.person('alice');
  });
  afterEach(async () => {
    await kb.stop();
  });

  it('creates a draft from a template, with its sections, as version 1 by its author', async () => {
    const a = await kb.create(kim, {
      title: 'Set up the VPN on Linux',
      template: 'how-to',
      labels: ['VPN', 'Linux'],
    });
    expect(a).toMatchObject({
      slug: 'set-up-the-vpn-on-linux',
      status: 'draft',
      version: 1,
      template: 'how-to',
      labels: ['vpn', 'linux'],
      parent: null,
      breadcrumbs: [{ slug: 'set-up-the-vpn-on-linux', title: 'Set up the VPN on Linux' }],
    });
    expect(a.body).toMatch(/^## Before you start\n[\s\S]*## Steps\n[\s\S]*## Related\n/);
    expect(a.html).toContain('<h2 id="before-you-start">Before you start</h2>');
    expect(a.versions).toEqual([
      expect.objectContaining({ version: 1, authorId: kim.id, at: t.clock.now() }),
    ]);
    const trouble = await kb.create(kim, { title: 'Printer jams', template: 'troubleshooting' });
    expect(trouble.body.match(/^## .+$/gm)).toEqual(['## Symptoms', '## Cause', '## Fix', '## Still stuck?']);
    const own = await kb.create(kim, { title: 'Own body', template: 'how-to', body: 'Just this.' });
    expect(own.body).toBe('Just this.');
  });

  it('refuses bad input with a message per field', async () => {
    expect(
      await fieldsOf(
        kb.create(kim, { title: '', slug: 'Bad Slug', template: 'poem', labels: ['%%'], parent: 'nope' }),
      ),
    ).toEqual({
      title: 'is required',
      slug: expect.stringMatching(/lower-case/),
      template: 'must be one of: how-to, troubleshooting, blank',
      labels: 'each label needs a letter or digit',
      parent: 'no article "nope"',
    });
    await kb.create(kim, { title: 'Taken' });
    expect(await fieldsOf(kb.create(kim, { title: 'Other', slug: 'taken' }))).toEqual({
      slug: 'is taken by another article',
    });
    expect(await fieldsOf(kb.update(kim, 'taken', { title: ' ', labels: ['x'.repeat(41)] }))).toEqual({
      title: 'is required',
      labels: 'each label is at most 40 characters',
    });
  });

  it('only KB editors and admins write; everyone else gets 403', async () => {
    await kb.create(kim, { title: 'Kim wrote this', status: 'published' });
    await expect(kb.create(ada, { title: 'Ada wrote this' })).resolves.toMatchObject({
      slug: 'ada-wrote-this',
    });
    for (const actor of [rita, alice, null]) {
      await expect(kb.create(actor, { title: 'Nope' })).rejects.toThrow(ForbiddenError);
      await expect(kb.update(actor, 'kim-wrote-this', { body: 'x' })).rejects.toThrow(ForbiddenError);
      await expect(kb.move(actor, 'kim-wrote-this', { parent: 'ada-wrote-this' })).rejects.toThrow(
        ForbiddenError,
      );
      await expect(kb.unpublish(actor, 'kim-wrote-this')).rejects.toThrow(ForbiddenError);
      await expect(kb.publish(actor, 'ada-wrote-this')).rejects.toThrow(ForbiddenError);
    }
  });

  it('drafts are seen by editors and admins only', async () => {
    await kb.create(kim, { title: 'Public', status: 'published' });
    await kb.create(kim, { title: 'Secret draft', parent: 'public' });
    for (const reader of [null, rita, alice]) {
      await expect(kb.get(reader, 'secret-draft')).rejects.toThrow(NotFoundError);
      await expect(kb.version(reader, 'secret-draft', 1)).rejects.toThrow(NotFoundError);
      expect((await kb.list(reader)).map((a) => a.slug)).toEqual(['public']);
      expect(await kb.tree(reader)).toEqual([expect.objectContaining({ slug: 'public', children: [] })]);
      expect((await kb.get(reader, 'public')).children).toEqual([]);
    }
    for (const editor of [kim, ada]) {
      expect((await kb.get(editor, 'secret-draft')).status).toBe('draft');
      expect((await kb.list(editor)).map((a) => a.slug)).toEqual(['public', 'secret-draft']);
    }
    await kb.publish(kim, 'secret-draft');
    expect((await kb.get(rita, 'secret-draft')).breadcrumbs.map((c) => c.slug)).toEqual([
      'public',
      'secret-draft',
    ]);
    await kb.unpublish(kim, 'secret-draft');
    await expect(kb.get(null, 'secret-draft')).rejects.toThrow(NotFoundError);
  });

  it('each edit is a new version with who, when and the body; an edit changing nothing is none', async () => {
    await kb.create(kim, { title: 'Wi-Fi', body: 'v1 body', labels: ['wifi'], status: 'published' });
    t.clock.advance(60_000);
    await kb.update(ada, 'wi-fi', { body: 'v2 body', version: 1 });
    t.clock.advance(60_000);
    const a = await kb.update(kim, 'wi-fi', { title: 'Wi-Fi in the office', labels: ['wifi', 'Office'] });
    expect(a).toMatchObject({
      title: 'Wi-Fi in the office',
      version: 3,
      labels: ['wifi', 'office'],
      body: 'v2 body',
    });
    expect(await kb.update(kim, 'wi-fi', { body: 'v2 body' })).toMatchObject({ version: 3 });
    expect(a.versions.map((v) => [v.version, v.authorId, v.title])).toEqual([
      [1, kim.id, 'Wi-Fi'],
      [2, ada.id, 'Wi-Fi'],
      [3, kim.id, 'Wi-Fi in the office'],
    ]);
    expect(a.versions[1]!.at.getTime() - a.versions[0]!.at.getTime()).toBe(60_000);
    expect((await kb.version(rita, 'wi-fi', 1)).body).toBe('v1 body');
    expect((await kb.version(kim, 'wi-fi', 2)).body).toBe('v2 body');
    await expect(kb.version(kim, 'wi-fi', 9)).rejects.toThrow(NotFoundError);
    await expect(kb.update(kim, 'wi-fi', { body: 'late', version: 2 })).rejects.toThrow(ConflictError);
    await expect(kb.update(kim, 'nope', { body: 'x' })).rejects.toThrow(NotFoundError);
  });

  it('publishing and moving change no content version', async () => {
    await kb.create(kim, { title: 'Root', status: 'published' });
    await kb.create(kim, { title: 'Leaf' });
    await kb.publish(kim, 'leaf');
    const moved = await kb.move(kim, 'leaf', { parent: 'root' });
    expect(moved).toMatchObject({ status: 'published', version: 1, parent: 'root' });
    expect(moved.updatedBy).toBe(kim.id);
  });

  it('labels are lower-case slugs; lists filter by label and count them', async () => {
    await kb.create(kim, { title: 'A', labels: ['VPN', 'Remote Access'], status: 'published' });
    await kb.create(kim, { title: 'B', labels: ['vpn'], status: 'published' });
    await kb.create(kim, { title: 'C', labels: ['vpn'] });
    expect((await kb.list(null, { label: 'vpn' })).map((a) => a.slug)).toEqual(['a', 'b']);
    expect((await kb.list(kim, { label: 'vpn' })).map((a) => a.slug)).toEqual(['a', 'b', 'c']);
    expect((await kb.list(null, { label: 'remote-access' })).map((a) => a.slug)).toEqual(['a']);
    expect(await kb.labels(null)).toEqual([
      { label: 'remote-access', count: 1 },
      { label: 'vpn', count: 2 },
    ]);
  });
});
