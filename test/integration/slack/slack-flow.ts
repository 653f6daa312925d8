import { expect } from 'vitest';
import type { SlackCall } from '../../fakes/slack/fake-slack.js';
import {
  blockAction,
  directMessage,
  eventCallback,
  interaction,
  viewSubmission,
} from '../../fakes/slack/slack-payloads.js';
import type { SlackDesk } from './slack-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit is read block by block in assertions
type Json = any;

/** The interactive element of a posted message whose action id starts with `prefix`, with its block. */
export function element(call: SlackCall, prefix: string): { block: Json; el: Json } | undefined {
  for (const block of call.args.blocks ?? []) {
    for (const el of block.elements ?? (block.accessory ? [block.accessory] : [])) {
      if (String(el.action_id ?? '').startsWith(prefix)) return { block, el };
    }
  }
  return undefined;
}

/** All text a posted message shows (fallback text and section texts). */
export function shown(call: SlackCall): string {
  const texts = (call.args.blocks ?? []).flatMap((b: Json) => [
    b.text?.text ?? '',
    ...(b.elements ?? []).map((e: Json) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))),
  ]);
  return [call.args.text ?? '', ...texts].join('\n');
}

/** Messages posted in a thread since `from` (an index into the fake's calls). */
export function postedIn(sd: SlackDesk, channel: string, threadTs: string, from = 0): SlackCall[] {
  return sd.fake.calls
    .slice(from)
    .filter(
      (c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.args.thread_ts === threadTs,
    );
}

/** Clicks an element of a posted message as `user`. */
export async function click(sd: SlackDesk, user: string, call: SlackCall, prefix: string, selected?: string) {
  const found = element(call, prefix);
  expect(found, `no element ${prefix} in ${JSON.stringify(call.args.blocks)}`).toBeDefined();
  const payload = blockAction({
    user,
    channel: call.args.channel,
    messageTs: '1700009999.000001',
    actionId: found!.el.action_id,
    blockId: found!.block.block_id,
    value: found!.el.value,
    selected,
    threadTs: call.args.thread_ts,
  });
  return sd.send(interaction(payload));
}

/**
 * Rita's whole intake in a direct message: her words, "still need help" if articles came, the laptop
 * type, the form in a modal, send. Returns the ticket key, the thread and where the modal was.
 */
export async function openRequestInSlack(
  sd: SlackDesk,
  user: string,
  text = 'My laptop screen keeps flickering after the update',
) {
  const dm = directMessage(user, text);
  expect((await sd.send(eventCallback(dm))).status).toBe(200);
  await sd.t.desk.outbox.drain();
  const thread = { channel: dm.channel as string, ts: dm.ts as string };
  let last = postedIn(sd, thread.channel, thread.ts).at(-1)!;
  if (element(last, 'kb.not_solved')) {
    await click(sd, user, last, 'kb.not_solved');
    await sd.t.desk.outbox.drain();
    last = postedIn(sd, thread.channel, thread.ts).at(-1)!;
  }
  await click(sd, user, last, 'intake.type', 'laptop-problem');
  await sd.t.desk.outbox.drain();
  last = postedIn(sd, thread.channel, thread.ts).at(-1)!;
  await click(sd, user, last, 'dsk.form');
  const view = sd.fake.of('views.open').at(-1)!.args.view;
  const submitted = await sd.send(
    interaction(
      viewSubmission(user, view, {
        device: { value: { type: 'static_select', selected_option: { value: 'Laptop' } } },
        description: { value: { type: 'plain_text_input', value: 'It flickers' } },
        asset_tag: { value: { type: 'plain_text_input', value: 'ACME-01234' } },
      }),
    ),
  );
  expect(submitted.status).toBe(200);
  await sd.t.desk.outbox.drain();
  last = postedIn(sd, thread.channel, thread.ts).at(-1)!;
  await click(sd, user, last, 'intake.confirm');
  await sd.t.desk.outbox.drain();
  last = postedIn(sd, thread.channel, thread.ts).at(-1)!;
  const key = /\|\*?([A-Z]+-\d+)\*?>/.exec(shown(last))?.[1];
  expect(key, JSON.stringify(sd.fake.calls.slice(-6).map((c) => [c.method, shown(c)]))).toMatch(/^IT-\d+$/);
  return { key: key!, thread, view };
}
