import { describe, expect, it } from 'vitest';
import { KbIndex } from '../../../src/core/kb/kb.index.js';
import { snippet } from '../../../src/core/kb/kb.snippet.js';
import { processTerm } from '../../../src/core/kb/kb.terms.js';

function index() {
  const i = new KbIndex();
  i.replaceAll([
    {
      id: '1',
      slug: 'vpn-setup',
      title: 'Connect to the VPN',
      labels: ['vpn', 'network'],
      text: 'Open GlobalProtect and connect with your password.',
    },
    {
      id: '2',
      slug: 'password-reset',
      title: 'Reset your password',
      labels: ['account'],
      text: 'Open the password page and choose a new passphrase.',
    },
    {
      id: '3',
      slug: 'printers',
      title: 'Printing in the office',
      labels: ['printer'],
      text: 'Tap your badge on any of the printers to release jobs.',
    },
  ]);
  return i;
}

describe('search index', () => {
  it('finds by prefix of the last word and forgives typos in longer words', () => {
    const i = index();
    expect(i.search('vpn conn', { limit: 5 }).map((h) => h.slug)).toEqual(['vpn-setup']);
    expect(i.search('pasword', { limit: 5 })[0]!.slug).toBe('password-reset');
    expect(i.search('printr', { limit: 5 })[0]!.slug).toBe('printers');
  });

  it('boosts titles over bodies', () => {
    expect(
      index()
        .search('password', { limit: 5 })
        .map((h) => h.slug),
    ).toEqual(['password-reset', 'vpn-setup']);
  });

  it('needs every word, then falls back to any word', () => {
    const i = index();
    expect(i.search('reset password', { limit: 5 }).map((h) => h.slug)).toEqual(['password-reset']);
    expect(i.search('vpn zebra', { limit: 5 }).map((h) => h.slug)).toEqual(['vpn-setup']);
  });

  it('filters by label and returns url, labels and a plain-text snippet', () => {
    const [hit, ...rest] = index().search('open', { limit: 5, label: 'vpn' });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ slug: 'vpn-setup', url: '/kb/vpn-setup', labels: ['vpn', 'network'] });
    expect(hit!.snippet).toContain('Open GlobalProtect');
  });

  it('follows upserts and removals', () => {
    const i = index();
    i.upsert({ id: '1', slug: 'vpn-setup', title: 'Use the tunnel', labels: [], text: 'Tunnel software.' });
    expect(i.search('tunnel', { limit: 5 }).map((h) => h.slug)).toEqual(['vpn-setup']);
    expect(i.search('globalprotect', { limit: 5 })).toEqual([]);
    i.remove('1');
    expect(i.search('tunnel', { limit: 5 })).toEqual([]);
    expect(i.size).toBe(2);
  });

  it('finds another form of a word, and completes with words as written, never stems', () => {
    const i = new KbIndex();
    i.upsert({ id: '1', slug: 'print', title: 'Printing policies', labels: [], text: 'Who may print what.' });
    expect(i.search('printed policy', { limit: 5 }).map((h) => h.slug)).toEqual(['print']);
    expect(i.suggest('printing poli', 5).map((s) => s.suggestion)).toEqual(['printing policies']);
  });

  it('suggests completions and reads a described problem', () => {
    const i = index();
    expect(i.suggest('pass', 5)[0]!.suggestion).toMatch(/^pass/);
    const described = i.search('none of the printers in the office print anything', {
      limit: 3,
      mode: 'described',
    });
    expect(described[0]!.slug).toBe('printers');
  });
});

describe('search index at scale', () => {
  const many = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      id: `d${from + i}`,
      slug: `doc-${from + i}`,
      title: `Common article ${from + i}`,
      labels: [i % 2 ? 'odd' : 'even'],
      text: i % 500 === 0 ? 'common words and a rare zebra' : 'common words only',
    }));

  it('narrows a common word by a rare one, and ranks by score', () => {
    const i = new KbIndex();
    i.replaceAll(many(3000));
    const hits = i.search('common zebra', { limit: 10 });
    expect(hits.map((h) => h.slug).sort()).toEqual(
      ['doc-0', 'doc-1000', 'doc-1500', 'doc-2000', 'doc-2500', 'doc-500'].sort(),
    );
    expect(i.search('zebra common', { limit: 10, label: 'even' })).toHaveLength(6);
    // No odd article has both words: any word will do then, still only among odd ones.
    const odd = i.search('zebra common', { limit: 10, label: 'odd' });
    expect(odd.length).toBe(10);
    expect(odd.every((h) => h.labels.includes('odd') && !h.snippet.includes('zebra'))).toBe(true);
    const top = i.search('common', { limit: 5 });
    expect(top).toHaveLength(5);
    expect(top.map((h) => h.score)).toEqual([...top.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('keeps answering right while removed articles are vacuumed away', () => {
    const i = new KbIndex();
    i.replaceAll(many(3000));
    for (let n = 0; n < 2500; n++) i.remove(`d${n}`);
    expect(i.size).toBe(500);
    expect(i.search('zebra', { limit: 10 }).map((h) => h.slug)).toEqual(['doc-2500']);
    i.upsert(many(1, 0)[0]!);
    expect(
      i
        .search('zebra', { limit: 10 })
        .map((h) => h.slug)
        .sort(),
    ).toEqual(['doc-0', 'doc-2500']);
    expect(i.search('common', { limit: 1000 })).toHaveLength(501);
  });
});

describe('terms and snippets', () => {
  it('drops stop words and brings the forms of a word to one stem', () => {
    expect(processTerm('The')).toBeNull();
    expect(processTerm('t')).toBeNull();
    expect(processTerm('2')).toBe('2');
    expect(processTerm('0x800CCC0E')).toBe('0x800ccc0e');
    expect(processTerm('Printers')).toBe(processTerm('printer'));
    expect(processTerm('printing')).toBe(processTerm('printed'));
    expect(processTerm('policies')).toBe(processTerm('policy'));
    expect(processTerm('access')).toBe('access');
  });

  it('quotes the text around the first match, cut at words', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(10)}Restart the router first. ${'Then wait a minute. '.repeat(10)}`;
    const s = snippet(text, ['router']);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('Restart the router first.');
    expect(s.length).toBeLessThanOrEqual(162);
    expect(snippet('Short text.', ['x'])).toBe('Short text.');
    expect(snippet(text, ['absent']).startsWith('Lorem ipsum')).toBe(true);
  });
});
