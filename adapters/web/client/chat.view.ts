import { ApiError, api, problem } from './api.js';
import { formatTime, h, srOnly, uuid } from './dom.js';
import { focusForm } from './form.view.js';
import { describeAction, renderMessage } from './parts.view.js';
import { openStream, type StreamState } from './stream.js';
import type { Line, OutboundMessage, Said, SentFile } from './types.js';

/** Actions of the engine the shortcuts send (ACTIONS in the core's message types). */
const MY_REQUESTS = 'requests.mine';
const NEW_REQUEST = 'intake.new';
const SHORTCUTS: Record<string, string> = { [MY_REQUESTS]: 'My requests', [NEW_REQUEST]: 'New request' };
/** While the stream is down, the transcript is polled this often. */
const POLL_MS = 10_000;
/**
 * Even while it is live: with several instances, another one's dispatcher may deliver a reply, and
 * only pages connected to that instance hear it; the transcript has it all the same.
 */
const LIVE_POLL_MS = 30_000;

/** What a new chat offers to say, so the first message is not a blank box. */
const EXAMPLES = ['I forgot my password', "My laptop won't start", 'How do I book time off?'];

/** The requester's chat: the transcript on load (a greeting when it is empty), live replies, and a composer. */
export function chatView(main: HTMLElement, baseUrl: string | null, name: string): void {
  const log = h('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const status = h('p', { class: 'status', role: 'status' });
  const input = h('textarea', {
    id: 'composer',
    rows: 2,
    placeholder: 'Describe what you need, in your own words',
    autocomplete: 'off',
  });
  const sendButton = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Send');
  const attach = h('input', { id: 'attach', type: 'file', multiple: true, class: 'file-input' });
  const composer = h(
    'form',
    { class: 'composer' },
    h('label', { for: 'composer', class: 'sr-only' }, 'Your message'),
    input,
    sendButton,
    h(
      'div',
      { class: 'attach' },
      h('label', { for: 'attach' }, 'Attach files'),
      attach,
      h('span', { class: 'hint' }, ' They go with your request once it is open.'),
    ),
  );
  main.append(
    h(
      'section',
      { class: 'chat', 'aria-labelledby': 'chat-title' },
      h(
        'div',
        { class: 'chat-head' },
        h('h1', { id: 'chat-title' }, 'Ask for help'),
        h(
          'div',
          { class: 'buttons', role: 'group', 'aria-label': 'Shortcuts' },
          h(
            'button',
            { type: 'button', class: 'btn', onclick: () => void say({ action: MY_REQUESTS }) },
            'My requests',
          ),
          h(
            'button',
            { type: 'button', class: 'btn', onclick: () => void say({ action: NEW_REQUEST }) },
            'New request',
          ),
        ),
      ),
      log,
      status,
      composer,
    ),
  );

  let lastId = 0;
  let loaded = false;
  const outbound: { id: number; message: OutboundMessage; box: HTMLFieldSetElement }[] = [];

  const greeting = h(
    'li',
    { class: 'msg msg-bot greeting' },
    srOnly('Deskbot said: '),
    h(
      'fieldset',
      { class: 'parts' },
      h('p', {}, `Hi ${name.split(' ')[0]}, what can we help with? Say it in your own words; for example:`),
      h(
        'div',
        { class: 'buttons', role: 'group', 'aria-label': 'Examples' },
        EXAMPLES.map((text) =>
          h('button', { type: 'button', class: 'btn', onclick: () => void say({ text }) }, text),
        ),
      ),
    ),
  );

  const append = (line: Line) => {
    greeting.remove();
    lastId = Math.max(lastId, line.id);
    const time = h('time', { datetime: line.at }, formatTime(line.at));
    if (line.direction === 'out') {
      const message = { parts: line.message.parts ?? [] };
      const box = renderMessage(message, baseUrl, (said, from) => void say(said, from));
      outbound.push({ id: line.id, message, box });
      log.append(h('li', { class: 'msg msg-bot' }, srOnly('Deskbot said: '), box, time));
      const form = box.querySelector('form.intake-form');
      if (loaded && form) focusForm(form as HTMLFormElement);
      else if (loaded && focusLost()) {
        // The pressed choice is disabled now: its answer's first control takes the focus, not the page.
        const next = box.querySelector<HTMLElement>('button:not(:disabled), select, input, textarea');
        (next ?? input).focus();
      }
      return;
    }
    // Anything said answers every message before it: their controls are done.
    for (const o of outbound) o.box.disabled = true;
    const words =
      line.message.text ??
      SHORTCUTS[line.message.action ?? ''] ??
      (line.message.files?.length ? '' : describeAction(line.message, outbound.at(-1)?.message));
    const files = line.message.files?.length
      ? h('p', { class: 'meta' }, `Attached: ${line.message.files.join(', ')}`)
      : null;
    log.append(
      h('li', { class: 'msg msg-me' }, srOnly('You said: '), words && h('p', {}, words), files, time),
    );
  };

  let syncing: Promise<void> | null = null;
  let again = false;
  /** Loads the lines after the last one shown; calls while loading coalesce into one more round. */
  const sync = (): Promise<void> => {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        again = false;
        let more = true;
        while (more) {
          const page = await api<{ lines: Line[]; more: boolean }>('GET', `/web/transcript?after=${lastId}`);
          for (const line of page.lines) if (line.id > lastId) append(line);
          more = page.more;
        }
      } while (again);
    })()
      .catch((err) => {
        status.textContent = problem(err);
      })
      .finally(() => {
        syncing = null;
        if (!loaded) {
          loaded = true;
          if (lastId === 0) log.append(greeting);
          log.lastElementChild?.scrollIntoView({ block: 'end' });
        }
        if (log.lastElementChild) log.lastElementChild.scrollIntoView({ block: 'nearest' });
      });
    return syncing;
  };

  /** Sends words or a choice; the client id makes a resend after a network failure harmless. */
  async function say(said: Said, from?: HTMLFieldSetElement): Promise<boolean> {
    if (from) from.disabled = true;
    const clientId = uuid();
    for (let attempt = 1; ; attempt++) {
      try {
        await api('POST', '/web/messages', { clientId, ...said });
        status.textContent = '';
        await sync();
        return true;
      } catch (err) {
        const final = err instanceof ApiError || attempt >= 3;
        if (final) {
          if (from) from.disabled = false;
          status.textContent = `Not sent: ${problem(err)}`;
          return false;
        }
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text && !attach.files?.length) return input.focus();
    sendButton.disabled = true;
    const files = await Promise.all([...(attach.files ?? [])].map(asSent));
    if (await say({ ...(text && { text }), ...(files.length && { files }) })) {
      input.value = '';
      attach.value = '';
    }
    sendButton.disabled = false;
    input.focus();
  });
  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter starts a new line, as in other chat apps.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });

  let live = false;
  openStream(
    () => void sync(),
    (state: StreamState) => {
      live = state === 'live';
      status.textContent = live ? '' : 'Reconnecting… replies will appear when the connection is back.';
    },
  );
  let lastPoll = Date.now();
  setInterval(() => {
    if (live && Date.now() - lastPoll < LIVE_POLL_MS) return;
    lastPoll = Date.now();
    void sync();
  }, POLL_MS);
  void sync();
  input.focus();
}

/** True when nothing useful has the focus: the page itself, or a control that was just disabled. */
function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || (active as HTMLButtonElement).disabled === true;
}

/** A chosen file as the page sends it: its bytes as base64. */
async function asSent(file: File): Promise<SentFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, contentType: file.type || 'application/octet-stream', data: btoa(binary) };
}
