import { ApiError, api, problem, session, whenSignedOut } from './api.js';
import { chatView } from './chat.view.js';
import { dashboardView } from './dashboard.view.js';
import { h, replace } from './dom.js';
import { kbView } from './kb.view.js';
import { queueView } from './queue.view.js';
import { reportsView } from './reports.view.js';
import { requestView } from './request.view.js';
import { requestsView } from './requests.view.js';
import { editsKb, managesDesk, worksTickets } from './roles.js';
import { signInView } from './signin.view.js';
import { agentTicketView } from './ticket.view.js';
import type { Me, WebConfig } from './types.js';

/** The one-page app: the path picks the view; every view starts from the signed-in person. */
async function boot(): Promise<void> {
  const main = document.getElementById('main')!;
  const nav = document.getElementById('nav')!;
  const who = document.getElementById('who')!;
  const config = (await fetch('/web/config').then((r) => r.json())) as WebConfig;
  document.querySelector('.brand')!.textContent = config.desk.name;
  const showSignIn = () => {
    replace(nav);
    replace(who);
    replace(main);
    document.title = `Sign in · ${config.desk.name}`;
    signInView(main, config);
  };
  whenSignedOut(showSignIn);
  if (!session.token()) return showSignIn();

  const me = await api<Me>('GET', '/api/v1/people/me');
  const path = location.pathname;
  const links: [string, string, boolean][] = [
    ['/', 'Chat', path === '/'],
    ['/requests', 'My requests', path === '/requests' || path.startsWith('/requests/')],
  ];
  if (worksTickets(me))
    links.push(['/agent', 'Queues', path === '/agent' || path.startsWith('/agent/tickets/')]);
  if (editsKb(me)) links.push(['/agent/kb', 'Knowledge base', path.startsWith('/agent/kb')]);
  if (worksTickets(me)) links.push(['/reports', 'Reports', path === '/reports']);
  if (managesDesk(me)) links.push(['/reports/dashboard', 'Dashboard', path === '/reports/dashboard']);
  replace(
    nav,
    h(
      'ul',
      {},
      links.map(([href, label, current]) =>
        h('li', {}, h('a', { href, 'aria-current': current ? 'page' : null }, label)),
      ),
    ),
  );
  const signOut = () => {
    session.clear();
    location.assign('/');
  };
  replace(
    who,
    h('span', {}, `Signed in as ${me.name}`),
    ' ',
    h('button', { type: 'button', class: 'btn btn-small', onclick: signOut }, 'Sign out'),
  );
  replace(main);

  const title = (t: string) => {
    document.title = `${t} · ${config.desk.name}`;
  };
  const request = /^\/requests\/([A-Za-z][A-Za-z0-9]*-\d+)$/.exec(path);
  const ticket = /^\/agent\/tickets\/([A-Za-z][A-Za-z0-9]*-\d+)$/.exec(path);
  const article = /^\/agent\/kb\/([a-z0-9][a-z0-9-]*)$/.exec(path);
  if (path === '/requests') {
    title('My requests');
    return requestsView(main);
  }
  if (request) {
    title(request[1]!.toUpperCase());
    return requestView(main, me, request[1]!.toUpperCase(), config.desk.baseUrl);
  }
  if (ticket && worksTickets(me)) {
    title(ticket[1]!.toUpperCase());
    return agentTicketView(main, me, ticket[1]!.toUpperCase());
  }
  if (path === '/agent' && worksTickets(me)) {
    title('Queues');
    return queueView(main);
  }
  if (path === '/reports' && worksTickets(me)) {
    title('Reports');
    return reportsView(main);
  }
  if (path === '/reports/dashboard' && managesDesk(me)) {
    title("Managers' dashboard");
    return dashboardView(main);
  }
  if ((path === '/agent/kb' || article) && editsKb(me)) {
    title('Knowledge base');
    return kbView(main, article?.[1] ?? null);
  }
  if (path !== '/') {
    main.append(
      h('h1', {}, 'Not here'),
      h('p', {}, 'This page is not for you, or it does not exist. '),
      h('a', { href: '/' }, 'Back to the chat'),
    );
    return;
  }
  title('Chat');
  chatView(main, config.desk.baseUrl, me.name);
}

boot().catch((err) => {
  if (err instanceof ApiError && err.status === 401) return; // the sign-in is shown already
  const main = document.getElementById('main');
  if (main) replace(main, h('p', { class: 'field-error', role: 'alert' }, problem(err)));
});
