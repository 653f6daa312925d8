import { describe, expect, it } from 'vitest';
import { headingId, isSafeUrl, markdownToText, renderMarkdown } from '../../../src/core/kb/kb.markdown.js';

describe('Markdown rendering is sanitised', () => {
  it('shows raw HTML as text: no script, no tags of the author', () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script>\n\n<div onclick="x()">box</div>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|<div|<iframe/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;iframe');
  });

  it('gives onerror and other handlers no way in', () => {
    const html = renderMarkdown(
      '<img src=x onerror="alert(1)">\n\n![a" onerror="alert(1)](https://x.example/a.png "t\\" onload=\\"y")',
    );
    // In real tags, outside quoted (escaped) attribute values, no on* attribute may appear.
    const tags = html.replace(/"[^"]*"/g, '""').match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((t) => /\son\w+\s*=/i.test(t))).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toMatch(/<img src="https:\/\/x\.example\/a\.png" alt="a&quot; onerror=&quot;alert\(1\)"/);
  });

  it.each([
    ['[x](javascript:alert(1))'],
    ['[x](JavaScript:alert(1))'],
    ['[x](&#106;avascript:alert(1))'],
    ['[x](vbscript:msgbox(1))'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['[x](file:///etc/passwd)'],
    ['<javascript:alert(1)>'],
  ])('drops the unsafe link %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/href="(javascript|vbscript|data|file):/i);
    expect(html).not.toMatch(/src="data:/i);
  });

  it('keeps safe links; links out get rel=noopener', () => {
    const html = renderMarkdown(
      '[in](/kb/vpn-setup) [out](https://example.com/a?b=1&c=2) [mail](mailto:it@acme.example) [top](#steps)',
    );
    expect(html).toContain('<a href="/kb/vpn-setup">in</a>');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">out</a>',
    );
    expect(html).toContain('<a href="mailto:it@acme.example">mail</a>');
    expect(html).toContain('<a href="#steps">top</a>');
  });

  it('gives headings ids, unique within the article', () => {
    const html = renderMarkdown('## Before you start\n\n## Steps\n\n### Steps\n\n## Café & <b>co</b>');
    expect(html).toContain('<h2 id="before-you-start">Before you start</h2>');
    expect(html).toContain('<h2 id="steps">Steps</h2>');
    expect(html).toContain('<h3 id="steps-2">Steps</h3>');
    expect(html).toContain('<h2 id="cafe-b-co-b">Café &amp; &lt;b&gt;co&lt;/b&gt;</h2>');
  });

  it('knows which URLs are safe', () => {
    expect(isSafeUrl('/kb/x')).toBe(true);
    expect(isSafeUrl('relative/path')).toBe(true);
    expect(isSafeUrl('HTTPS://acme.example')).toBe(true);
    expect(isSafeUrl(' javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('data:text/plain,hi')).toBe(false);
    expect(headingId('!!!')).toBe('section');
  });
});

describe('Markdown to plain text (for search and snippets)', () => {
  it('keeps the words, drops the markup, ends headings with a colon', () => {
    const text = markdownToText(
      '## Steps\n\n1. Open **Software Center** and click `Install`.\n2. See [the guide](/kb/x).\n\n```\nsudo reboot\n```\n\n<b>raw</b>',
    );
    expect(text).toBe('Steps: Open Software Center and click Install. See the guide. sudo reboot <b>raw</b>');
  });
});
