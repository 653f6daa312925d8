import { describe, expect, it } from 'vitest';
import { markdownToHtml, safeUrl } from '../../../adapters/web/client/markdown.js';

const BASE = 'https://desk.acme.example';

describe('the chat Markdown subset, rendered safely', () => {
  it('escapes every piece of text before adding markup', () => {
    expect(markdownToHtml('<img src=x onerror=alert(1)> & "q"')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;</p>',
    );
    expect(markdownToHtml('**<b>bold</b>**')).toBe('<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>');
    expect(markdownToHtml('`<script>`')).toBe('<p><code>&lt;script&gt;</code></p>');
  });

  it('renders bold, italic, code, line breaks, lists and quotes', () => {
    expect(markdownToHtml('**Device** _(optional)_\nUse `status IT-1`')).toBe(
      '<p><strong>Device</strong> <em>(optional)</em><br>Use <code>status IT-1</code></p>',
    );
    expect(markdownToHtml('**Your requests**\n- one\n- two')).toBe(
      '<p><strong>Your requests</strong></p><ul><li>one</li><li>two</li></ul>',
    );
    expect(markdownToHtml('Alice replied:\n> line 1\n> line 2')).toBe(
      '<p>Alice replied:</p><blockquote>line 1<br>line 2</blockquote>',
    );
    expect(markdownToHtml('snake_case_name stays')).toBe('<p>snake_case_name stays</p>');
  });

  it('links only to http(s) and relative URLs; the desk base URL becomes relative', () => {
    expect(markdownToHtml(`[**IT-1**](${BASE}/requests/IT-1)`, BASE)).toBe(
      '<p><a href="/requests/IT-1"><strong>IT-1</strong></a></p>',
    );
    expect(markdownToHtml('[docs](https://example.com/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a></p>',
    );
    expect(markdownToHtml('[click](javascript:alert(1))')).not.toContain('href');
    expect(markdownToHtml('[click](javascript:alert)')).toBe('<p>click</p>');
    expect(markdownToHtml('[x](data:text/html,hi)')).toBe('<p>x</p>');
    expect(markdownToHtml('[x](//evil.example/a)')).toBe('<p>x</p>');
    expect(markdownToHtml('[x]("onmouseover=alert(1))')).toBe('<p>[x](&quot;onmouseover=alert(1))</p>');
    expect(markdownToHtml('[x](/a"onmouseover="alert)')).toBe(
      '<p><a href="/a&quot;onmouseover=&quot;alert">x</a></p>',
    );
  });

  it('links a bare http(s) URL, leaving out the punctuation after it', () => {
    const long = `https://example.com/${'a'.repeat(200)}?x=1&y=2`;
    expect(markdownToHtml(`see ${long}.`)).toBe(
      `<p>see <a href="${long.replace('&', '&amp;')}" target="_blank" rel="noopener noreferrer">${long.replace('&', '&amp;')}</a>.</p>`,
    );
    expect(markdownToHtml(`(${BASE}/requests/IT-1)`, BASE)).toBe(
      `<p>(<a href="/requests/IT-1">${BASE}/requests/IT-1</a>)</p>`,
    );
    expect(markdownToHtml('ftp://example.com and javascript:alert(1)')).toBe(
      '<p>ftp://example.com and javascript:alert(1)</p>',
    );
    expect(markdownToHtml('https://x.example/"onmouseover=alert(1)')).toBe(
      '<p><a href="https://x.example/" target="_blank" rel="noopener noreferrer">https://x.example/</a>&quot;onmouseover=alert(1)</p>',
    );
  });

  it('accepts only link targets that cannot run script or leave for an unknown scheme', () => {
    expect(safeUrl('/kb/vpn')).toBe('/kb/vpn');
    expect(safeUrl(`${BASE}/kb/vpn`, BASE)).toBe('/kb/vpn');
    expect(safeUrl(`${BASE}`, BASE)).toBe('/');
    expect(safeUrl('https://desk.acme.example.evil.com/x', BASE)).toBe(
      'https://desk.acme.example.evil.com/x',
    );
    expect(safeUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeUrl('/\\evil.example')).toBeNull();
    expect(safeUrl('mailto:a@b.c')).toBeNull();
  });
});
