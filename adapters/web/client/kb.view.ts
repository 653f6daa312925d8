import { ApiError, api, problem } from './api.js';
import { formatTime, h, replace, uid } from './dom.js';
import { sentence } from './form.view.js';

/** An article in the list. */
interface ArticleItem {
  slug: string;
  title: string;
  status: 'draft' | 'published';
  labels: string[];
}

/** An article as the editor loads it (the KB REST API's answer). */
interface Article extends ArticleItem {
  body: string;
  questions: string[];
  version: number;
  updatedAt: string;
  updatedBy: { name: string } | null;
  url: string;
}

interface Template {
  id: string;
  name: string;
  description: string;
}

/** KB editing for KB editors, through /api/v1/kb: the list, a new article from a template, one article. */
export async function kbView(main: HTMLElement, slug: string | null): Promise<void> {
  try {
    if (slug) await editor(main, slug);
    else await list(main);
  } catch (err) {
    main.append(h('p', { class: 'field-error', role: 'alert' }, problem(err)));
  }
}

/** A question no article answered (GET /api/v1/kb/articles-to-write). */
interface Unanswered {
  query: string;
  noResults: number;
  notHelped: number;
  triedSlugs: string[];
}

async function list(main: HTMLElement): Promise<void> {
  const [{ articles }, { templates }, { questions }] = await Promise.all([
    api<{ articles: ArticleItem[] }>('GET', '/api/v1/kb/articles'),
    api<{ templates: Template[] }>('GET', '/api/v1/kb/templates'),
    api<{ questions: Unanswered[] }>('GET', '/api/v1/kb/articles-to-write'),
  ]);
  main.append(
    h('h1', {}, 'Knowledge base'),
    h(
      'div',
      { class: 'split' },
      newArticleForm(templates),
      h(
        'section',
        { class: 'queue', 'aria-labelledby': 'kb-articles' },
        h('h2', { id: 'kb-articles' }, `Articles (${articles.length})`),
        h(
          'ul',
          { class: 'kb-list' },
          articles.map((a) =>
            h(
              'li',
              {},
              h('a', { href: `/agent/kb/${a.slug}` }, a.title),
              ' ',
              a.status === 'draft' && h('span', { class: 'badge' }, 'Draft'),
              a.labels.length > 0 && h('span', { class: 'hint' }, ` · ${a.labels.join(', ')}`),
            ),
          ),
        ),
      ),
    ),
    toWrite(questions),
  );
}

/** What people asked that no article answered: where a new article (or a question on one) pays off. */
function toWrite(questions: Unanswered[]): HTMLElement {
  const times = (n: number, what: string) => (n === 0 ? '' : `${n} × ${what}`);
  return h(
    'section',
    { class: 'report', 'aria-labelledby': 'kb-to-write' },
    h('h2', { id: 'kb-to-write' }, 'Articles to write'),
    h(
      'p',
      { class: 'hint' },
      'Questions from the last 90 days that found no article, or whose suggestions did not help. Write an article, or add the question to the one that answers it.',
    ),
    questions.length === 0
      ? h('p', { class: 'hint' }, 'Nothing yet: every question found a helpful article.')
      : h(
          'ul',
          { class: 'kb-list' },
          questions.map((q) =>
            h(
              'li',
              {},
              h('q', {}, q.query),
              h(
                'span',
                { class: 'hint' },
                ` · ${[times(q.noResults, 'found nothing'), times(q.notHelped, 'not helped')].filter(Boolean).join(', ')}`,
                q.triedSlugs.length > 0 && ` (tried: ${q.triedSlugs.join(', ')})`,
              ),
            ),
          ),
        ),
  );
}

function newArticleForm(templates: Template[]): HTMLElement {
  const titleId = uid('kb-title');
  const templateId = uid('kb-template');
  const title = h('input', {
    id: titleId,
    type: 'text',
    required: true,
    'aria-describedby': `${titleId}-error`,
  });
  const template = h(
    'select',
    { id: templateId },
    templates.map((t) => h('option', { value: t.id }, t.name)),
  );
  const about = h('p', { class: 'help' }, templates[0]?.description ?? '');
  template.addEventListener('change', () => {
    about.textContent = templates.find((t) => t.id === template.value)?.description ?? '';
  });
  const error = h('p', { id: `${titleId}-error`, class: 'field-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'intake-form', novalidate: true, 'aria-labelledby': 'kb-new' },
    h('h2', { id: 'kb-new' }, 'New article'),
    h('div', { class: 'field' }, h('label', { for: titleId }, 'Title'), title, error),
    h('div', { class: 'field' }, h('label', { for: templateId }, 'Template'), template, about),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create draft')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api<Article>('POST', '/api/v1/kb/articles', {
        title: title.value,
        template: template.value,
      });
      location.assign(`/agent/kb/${created.slug}`);
    } catch (err) {
      error.textContent =
        err instanceof ApiError ? sentence(err.fields.title ?? err.fields.slug ?? err.message) : problem(err);
      title.setAttribute('aria-invalid', 'true');
      title.focus();
    }
  });
  return form;
}

async function editor(main: HTMLElement, slug: string): Promise<void> {
  let article = await api<Article>('GET', `/api/v1/kb/articles/${slug}`);
  const ids = { title: uid('title'), labels: uid('labels'), questions: uid('questions'), body: uid('body') };
  const title = h('input', { id: ids.title, type: 'text', value: article.title });
  const labels = h('input', {
    id: ids.labels,
    type: 'text',
    value: article.labels.join(', '),
    'aria-describedby': `${ids.labels}-help`,
  });
  const questions = h('textarea', { id: ids.questions, rows: 4, value: article.questions.join('\n') });
  const body = h('textarea', {
    id: ids.body,
    rows: 18,
    value: article.body,
    'aria-describedby': `${ids.body}-help`,
  });
  const errors = {
    title: h('p', { class: 'field-error' }),
    labels: h('p', { class: 'field-error' }),
    questions: h('p', { class: 'field-error' }),
    body: h('p', { class: 'field-error' }),
  };
  const inputs = { title, labels, questions, body };
  const status = h('p', { class: 'status', role: 'status' });
  const state = h('p', { class: 'meta' });
  const toggle = h('button', { type: 'button', class: 'btn' });

  const show = () => {
    replace(
      state,
      h('span', { class: 'badge' }, article.status === 'draft' ? 'Draft' : 'Published'),
      ` · version ${article.version} · updated ${formatTime(article.updatedAt)}${article.updatedBy ? ` by ${article.updatedBy.name}` : ''} · `,
      h('a', { href: article.url, target: '_blank', rel: 'noopener' }, 'View page'),
    );
    toggle.textContent = article.status === 'draft' ? 'Publish' : 'Unpublish';
  };
  const field = (key: keyof typeof ids, label: string, control: HTMLElement, help?: string) => {
    errors[key].id = `${ids[key]}-error`;
    control.setAttribute(
      'aria-describedby',
      [help ? `${ids[key]}-help` : '', `${ids[key]}-error`].filter(Boolean).join(' '),
    );
    return h(
      'div',
      { class: 'field' },
      h('label', { for: ids[key] }, label),
      help && h('p', { id: `${ids[key]}-help`, class: 'help' }, help),
      control,
      errors[key],
    );
  };

  const form = h(
    'form',
    { class: 'intake-form kb-editor', novalidate: true },
    field('title', 'Title', title),
    field('labels', 'Labels', labels, 'Separated by commas, for example vpn, remote-access.'),
    field(
      'questions',
      'Questions this answers',
      questions,
      'One per line, in the words people use ("who do I tell I am off sick"): chat suggestions search them first.',
    ),
    field('body', 'Body (Markdown)', body),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save'), toggle),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [k, el] of Object.entries(errors)) {
      el.textContent = '';
      inputs[k as keyof typeof inputs].removeAttribute('aria-invalid');
    }
    const labelList = labels.value
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    try {
      article = await api<Article>('PATCH', `/api/v1/kb/articles/${slug}`, {
        title: title.value,
        body: body.value,
        labels: labelList,
        questions: questions.value.split('\n'),
        version: article.version,
      });
      labels.value = article.labels.join(', ');
      questions.value = article.questions.join('\n');
      status.textContent = `Saved as version ${article.version}.`;
      show();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      for (const [k, reason] of Object.entries(fields)) {
        if (k in errors) {
          errors[k as keyof typeof errors].textContent = sentence(reason);
          inputs[k as keyof typeof inputs].setAttribute('aria-invalid', 'true');
        }
      }
      status.textContent =
        err instanceof ApiError && err.status === 409
          ? 'Someone saved this article meanwhile: reload to see their version.'
          : `Not saved: ${problem(err)}`;
    }
  });
  toggle.addEventListener('click', async () => {
    try {
      article = await api<Article>(
        'POST',
        `/api/v1/kb/articles/${slug}/${article.status === 'draft' ? 'publish' : 'unpublish'}`,
      );
      status.textContent =
        article.status === 'published' ? 'Published.' : 'Unpublished: it is a draft again.';
      show();
    } catch (err) {
      status.textContent = problem(err);
    }
  });
  show();
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '/agent/kb' }, '← All articles')),
    h('h1', {}, `Edit “${article.title}”`),
    state,
    form,
  );
}
