import { ApiError, api, problem, session } from './api.js';
import { h, uid } from './dom.js';
import type { WebConfig } from './types.js';

const ROLE_NAMES = { requester: 'Requester', agent: 'Agent', manager: 'Manager' } as const;

/**
 * Sign-in: in the embedded demo, pick a demo identity (the server makes a token for that person);
 * otherwise paste an API token (`deskbot token create`). Either way the token lives in sessionStorage.
 */
export function signInView(main: HTMLElement, config: WebConfig): void {
  const error = h('p', { class: 'field-error', role: 'alert' });
  main.append(
    h(
      'section',
      { class: 'signin', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title' }, `Sign in to ${config.desk.name}`),
      config.demoIdentities
        ? [
            demoPicker(config, error),
            h(
              'details',
              { class: 'token-details' },
              h('summary', {}, 'Sign in with an API token instead'),
              tokenForm(error),
            ),
          ]
        : tokenForm(error),
      error,
    ),
  );
}

function demoPicker(config: WebConfig, error: HTMLElement): HTMLElement {
  const pick = async (email: string, role: string) => {
    error.textContent = '';
    try {
      const { token } = await api<{ token: string }>('POST', '/web/demo-session', { email });
      session.set(token);
      // Agents and managers start at their queues; requesters in the chat. A deep link keeps its page.
      const home = role === 'requester' ? '/' : '/agent';
      location.assign(location.pathname === '/' ? home : location.pathname);
    } catch (err) {
      error.textContent = problem(err);
    }
  };
  return h(
    'div',
    {},
    h('p', {}, 'This is a demo desk. Choose who you want to be:'),
    h(
      'ul',
      { class: 'identities' },
      (config.demoIdentities ?? []).map((d) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'identity', onclick: () => void pick(d.email, d.role) },
            h('strong', {}, d.name),
            h('span', { class: 'role' }, ROLE_NAMES[d.role]),
            h('span', { class: 'email' }, d.email),
          ),
        ),
      ),
    ),
  );
}

function tokenForm(error: HTMLElement): HTMLElement {
  const id = uid('token');
  const input = h('input', {
    id,
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': `${id}-help`,
  });
  const form = h(
    'form',
    { class: 'token-form' },
    h('label', { for: id }, 'API token'),
    h(
      'p',
      { id: `${id}-help`, class: 'help' },
      'Ask your desk admin for a token (deskbot token create --email you@company.example).',
    ),
    input,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    try {
      // Checked here rather than through api(), whose 401 handling would sign out again.
      const res = await fetch('/api/v1/people/me', { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 401) throw new ApiError(401, 'unauthorized', 'That token is not valid.');
      if (!res.ok) throw new ApiError(res.status, 'error', `The desk answered ${res.status}`);
      session.set(token);
      location.reload();
    } catch (err) {
      error.textContent = problem(err);
      input.focus();
    }
  });
  return form;
}
