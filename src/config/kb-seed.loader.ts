import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** One seed article read from `config/kb/**.md`: front matter plus Markdown body; slug = file name. */
export interface SeedArticle {
  slug: string;
  title: string;
  labels: string[];
  /** Questions this article answers, as people ask them (front matter `questions:`). */
  questions: string[];
  template: 'how-to' | 'troubleshooting';
  /** Slug of the parent article, or null for the root. */
  parent: string | null;
  /** Place among its siblings (lower first); null: after those that have one, by title. */
  order: number | null;
  body: string;
  /** The file it came from, for messages. */
  source: string;
}

const frontMatter = z
  .object({
    title: z.string().trim().min(1, 'is required'),
    labels: z.array(z.string().min(1)).default([]),
    questions: z.array(z.string().min(1)).default([]),
    template: z.enum(['how-to', 'troubleshooting'], 'must be how-to or troubleshooting'),
    parent: z.string().min(1).optional(),
    order: z.number().int().optional(),
  })
  .strict();

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads every `.md` file under `dir`; a bad file is reported and left out, the others load. */
export async function loadKbSeed(dir: string): Promise<{ articles: SeedArticle[]; problems: string[] }> {
  const files = await markdownFiles(dir);
  const articles: SeedArticle[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const source = relative(process.cwd(), file) || file;
    const slug = basename(file, '.md');
    const fail = (reason: string) => problems.push(`${source}: ${reason}`);
    if (!SLUG.test(slug)) {
      fail('the file name is the slug: lower-case letters, digits and single hyphens');
      continue;
    }
    if (seen.has(slug)) {
      fail(`slug "${slug}" is used by ${seen.get(slug)} too`);
      continue;
    }
    const text = await readFile(file, 'utf8');
    const match = FRONT_MATTER.exec(text);
    if (!match) {
      fail('starts with no front matter (--- title, labels, template ---)');
      continue;
    }
    let data: unknown;
    try {
      data = parse(match[1]!) ?? {};
    } catch (err) {
      fail(`front matter is not YAML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const parsed = frontMatter.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        fail(`${issue.path.join('.') || 'front matter'}: ${issue.message}`);
      continue;
    }
    seen.set(slug, source);
    const { title, labels, questions, template, parent, order } = parsed.data;
    const body = text.slice(match[0].length).replace(/^\s*\n/, '');
    articles.push({
      slug,
      title,
      labels,
      questions,
      template,
      parent: parent ?? null,
      order: order ?? null,
      body,
      source,
    });
  }
  return { articles, problems };
}

async function markdownFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true })) as string[];
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return []; // no seed directory: nothing to import
    throw err;
  }
  return entries
    .filter((e) => e.endsWith('.md'))
    .map((e) => join(dir, e))
    .sort();
}
