import { createHmac, randomUUID } from 'node:crypto';
import { BOT } from './fake-slack.js';

// biome-ignore lint/suspicious/noExplicitAny: payloads are built as Slack sends them
type Json = any;

/** What Slack would POST to the app: the body as sent, and how it is encoded. */
export interface SlackDelivery {
  body: string;
  contentType: string;
}

/** Slack's v0 signature, computed here independently of the adapter's own check. */
export function sign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function eventCallback(event: Json, eventId = `Ev${randomUUID().slice(0, 8)}`): SlackDelivery {
  const body = {
    token: 'legacy-verification-token',
    team_id: BOT.team,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: BOT.team, user_id: BOT.userId, is_bot: true }],
    event,
  };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

/** An interactive payload (block_actions, view_submission, shortcuts): a form with a JSON `payload`. */
export function interaction(payload: Json): SlackDelivery {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

let ts = 1;
/** A fresh message timestamp. */
export function nextTs(): string {
  return `1700001000.${String(ts++).padStart(6, '0')}`;
}

export function directMessage(
  user: string,
  text: string,
  opts: { ts?: string; thread_ts?: string } = {},
): Json {
  const at = opts.ts ?? nextTs();
  return {
    type: 'message',
    channel: `D${user}`,
    channel_type: 'im',
    user,
    text,
    ts: at,
    event_ts: at,
    team: BOT.team,
    ...(opts.thread_ts ? { thread_ts: opts.thread_ts } : {}),
  };
}

export function channelMessage(channel: string, user: string, text: string, threadTs?: string): Json {
  const at = nextTs();
  return {
    type: 'message',
    channel,
    channel_type: 'channel',
    user,
    text,
    ts: at,
    event_ts: at,
    team: BOT.team,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  };
}

export function blockAction(opts: {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  blockId: string;
  value?: string;
  selected?: string;
  threadTs?: string;
}): Json {
  const action = opts.selected
    ? {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: opts.selected }, value: opts.selected },
      }
    : { type: 'button', ...(opts.value !== undefined ? { value: opts.value } : {}) };
  return {
    type: 'block_actions',
    team: { id: BOT.team, domain: 'acme' },
    user: { id: opts.user, team_id: BOT.team },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `trig-${randomUUID()}`,
    container: { type: 'message', message_ts: opts.messageTs, channel_id: opts.channel, is_ephemeral: false },
    channel: { id: opts.channel, name: 'channel' },
    message: { type: 'message', ts: opts.messageTs, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) },
    response_url: 'http://127.0.0.1:9/response',
    actions: [{ action_id: opts.actionId, block_id: opts.blockId, action_ts: '1700001000.1', ...action }],
  };
}

export function viewSubmission(user: string, view: Json, values: Record<string, Json>): Json {
  return {
    type: 'view_submission',
    team: { id: BOT.team, domain: 'acme' },
    user: { id: user, team_id: BOT.team },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `trig-${randomUUID()}`,
    view: { ...view, id: 'V1', hash: randomUUID(), state: { values } },
  };
}

export function slashCommand(user: string, channel: string, text: string): SlackDelivery {
  const form = {
    token: 'legacy-verification-token',
    team_id: BOT.team,
    channel_id: channel,
    user_id: user,
    command: '/helpdesk',
    text,
    api_app_id: 'A1',
    trigger_id: `trig-${randomUUID()}`,
    response_url: 'http://127.0.0.1:9/response',
  };
  return { body: new URLSearchParams(form).toString(), contentType: 'application/x-www-form-urlencoded' };
}
