import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKbSeed } from '../../../src/config/kb-seed.loader.js';

let dir: string;

describe('KB seed files', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskbot-kb-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the sample desk ships at least 20 articles across IT, HR and Facilities, all valid', async () => {
    const { articles, problems } = await loadKbSeed('config/kb');
    expect(problems).toEqual([]);
    expect(articles.length).toBeGreaterThanOrEqual(20);
    const roots = articles.filter((a) => a.parent === null).map((a) => a.slug);
    expect(roots.sort()).toEqual(['facilities-help', 'hr-help', 'it-help']);
    const slugs = new Set(articles.map((a) => a.slug));
    for (const a of articles) if (a.parent) expect(slugs.has(a.parent), `${a.slug} → ${a.parent}`).toBe(true);
  });

  it('reads front matter and body; the slug is the file name, in any folder', async () => {
    await mkdir(join(dir, 'it'));
    await writeFile(
      join(dir, 'it', 'vpn.md'),
      '---\ntitle: VPN\nlabels: [vpn, Network]\nquestions: [how do I work from home?]\ntemplate: how-to\nparent: it\norder: 3\n---\n\n## Steps\n\nConnect.\n',
    );
    const { articles, problems } = await loadKbSeed(dir);
    expect(problems).toEqual([]);
    expect(articles).toEqual([
      {
        slug: 'vpn',
        title: 'VPN',
        labels: ['vpn', 'Network'],
        questions: ['how do I work from home?'],
        template: 'how-to',
        parent: 'it',
        order: 3,
        body: '## Steps\n\nConnect.\n',
        source: expect.stringContaining('vpn.md'),
      },
    ]);
  });

  it('reports bad files by name and loads the others', async () => {
    await writeFile(join(dir, 'good.md'), '---\ntitle: Good\ntemplate: troubleshooting\n---\nBody');
    await writeFile(join(dir, 'Bad Name.md'), '---\ntitle: x\ntemplate: how-to\n---\n');
    await writeFile(join(dir, 'no-front.md'), '# Just markdown');
    await writeFile(join(dir, 'bad-yaml.md'), '---\ntitle: [oops\n---\n');
    await writeFile(join(dir, 'bad-fields.md'), '---\ntemplate: poem\ncolour: red\n---\n');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'good.md'), '---\ntitle: Twin\ntemplate: how-to\n---\n');
    const { articles, problems } = await loadKbSeed(dir);
    expect(articles.map((a) => a.slug)).toEqual(['good']);
    const text = problems.join('\n');
    expect(text).toMatch(/Bad Name\.md: the file name is the slug/);
    expect(text).toMatch(/no-front\.md: starts with no front matter/);
    expect(text).toMatch(/bad-yaml\.md: front matter is not YAML/);
    expect(text).toMatch(/bad-fields\.md: title: /);
    expect(text).toMatch(/bad-fields\.md: template: must be how-to or troubleshooting/);
    expect(text).toMatch(/bad-fields\.md: .*colour/);
    expect(text).toMatch(/sub\/good\.md: slug "good" is used by .*good\.md too/);
  });

  it('a missing directory is an empty seed', async () => {
    expect(await loadKbSeed(join(dir, 'nope'))).toEqual({ articles: [], problems: [] });
  });
});
