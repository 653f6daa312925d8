import { createHash } from 'node:crypto';

/** The pages' only style sheet, inline; allowed by its hash in the Content-Security-Policy. */
export const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6474; --line: #d8dde6; --bg: #fff; --accent: #0b57d0; --tag: #eef2fb; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a4acba; --line: #374151; --bg: #12151c; --accent: #8ab4f8; --tag: #1f2737; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, input:focus-visible, button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
header { border-bottom: 1px solid var(--line); padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .75rem 2rem; align-items: center; }
.brand { font-weight: 600; text-decoration: none; color: var(--fg); }
form[role=search] { display: flex; gap: .5rem; align-items: center; flex: 1; min-width: 16rem; max-width: 36rem; }
form[role=search] label { position: absolute; left: -999px; }
input[type=search] { flex: 1; font: inherit; padding: .4rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: .4rem .9rem; border: 1px solid var(--accent); border-radius: 6px; background: var(--accent); color: var(--bg); cursor: pointer; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
.live:empty { display: none; }
.live { max-width: 48rem; margin: .5rem auto 0; padding: .5rem 1rem; border: 1px solid var(--line); border-radius: 6px; }
nav.crumbs ol { list-style: none; padding: 0; margin: 0 0 .5rem; display: flex; flex-wrap: wrap; color: var(--muted); font-size: .9rem; }
nav.crumbs li + li::before { content: "›"; padding: 0 .4rem; }
.meta { color: var(--muted); font-size: .9rem; }
.labels { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.labels a { display: inline-block; padding: .05rem .55rem; border-radius: 999px; background: var(--tag); text-decoration: none; font-size: .85rem; }
.tree, .tree ul { list-style: none; padding-left: 1.1rem; }
.tree { padding-left: 0; }
.tree li { margin: .2rem 0; }
.results { list-style: none; padding: 0; }
.results li { margin: 0 0 1rem; }
.results p { margin: .1rem 0; color: var(--muted); }
.draft { font-size: .75rem; text-transform: uppercase; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 .3rem; }
article pre { overflow-x: auto; padding: .75rem; border: 1px solid var(--line); border-radius: 6px; }
article img { max-width: 100%; }
article table { border-collapse: collapse; }
article th, article td { border: 1px solid var(--line); padding: .3rem .6rem; }
`;

/**
 * Suggestions and live results as someone types (after a pause, and never for stale input); results
 * are built with textContent, so nothing the server sends is parsed as HTML. Typing is not recorded
 * as a failed search (live=1); pressing Enter submits the form, which is.
 */
export const PAGE_SCRIPT = `
(() => {
  const input = document.getElementById('q');
  const list = document.getElementById('kb-suggestions');
  const live = document.getElementById('kb-live');
  if (!input || !list || !live) return;
  let timer = 0;
  let latest = '';
  const get = (path, q) => fetch(path + '?q=' + encodeURIComponent(q) + '&live=1').then((r) => (r.ok ? r.json() : null));
  const show = (q, results) => {
    live.replaceChildren();
    if (!q) return;
    const heading = document.createElement('p');
    heading.textContent = results.length ? 'Top matches' : 'No article matches yet: press Enter to search';
    live.append(heading);
    const ul = document.createElement('ul');
    ul.className = 'results';
    for (const r of results.slice(0, 5)) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.title;
      const p = document.createElement('p');
      p.textContent = r.snippet;
      li.append(a, p);
      ul.append(li);
    }
    live.append(ul);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      latest = q;
      if (!q) return show('', []);
      const [s, r] = await Promise.all([get('/kb/suggest.json', q), get('/kb/search.json', q)]).catch(() => [null, null]);
      if (q !== latest) return;
      list.replaceChildren(...(s ? s.suggestions : []).map((x) => Object.assign(document.createElement('option'), { value: x.suggestion })));
      show(q, r ? r.results : []);
    }, 200);
  });
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only our inline style and script run; links and forms stay on the desk; no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(PAGE_CSS)}`,
  `script-src ${sha256(PAGE_SCRIPT)}`,
  "connect-src 'self'",
  "img-src 'self' https:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
