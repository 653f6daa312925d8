import { randomUUID } from 'node:crypto';
import { ACTIONS, type InboundMessage } from '../src/ports/message.types.js';
import type { OpenStore } from '../src/store/store.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, percentile } from './stats.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/**
 * Conversation turn latency: from an inbound message to its replies stored (state, transcript, outbox)
 * — receive() resolving — with many conversations at once, each walking a whole intake to a ticket.
 */
export async function benchConversationTurns(store: OpenStore, label: string): Promise<string[]> {
  // Articles as in the sample desk, so the first turn of each intake searches them.
  const { desk, rita } = await sampleDesk(store, { articles: true });
  const latencies: number[] = [];

  const send = async (conversationId: string, body: Pick<InboundMessage, 'text' | 'action'>) => {
    const t0 = performance.now();
    await desk.conversations.receive({
      platform: 'bench',
      deliveryId: randomUUID(),
      conversation: { id: conversationId, platform: 'bench', ref: {}, formFields: 0 },
      personId: rita.id,
      ...body,
    });
    latencies.push(performance.now() - t0);
  };
  const intake = async (conversationId: string) => {
    await send(conversationId, { text: 'new request' });
    await send(conversationId, { text: 'My laptop screen flickers after the latest update' });
    await send(conversationId, { action: { action: ACTIONS.notSolved } });
    await send(conversationId, { action: { action: ACTIONS.chooseType, value: 'laptop-problem' } });
    await send(conversationId, { text: 'Laptop' });
    await send(conversationId, { action: { action: ACTIONS.keep, value: 'description' } });
    await send(conversationId, { text: 'skip' });
    await send(conversationId, { action: { action: ACTIONS.confirm } });
    await send(conversationId, { text: 'It also happens on the external monitor.' });
  };

  await intake('warm-up');
  latencies.length = 0;
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => intake(`bench-${i}`)));
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  await desk.kb.stop();
  return [
    `${label}: conversation turn, ${CONVERSATIONS} conversations at once   p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms, max ${fmt(latencies.at(-1)!, 1)} ms  (${fmt(latencies.length / seconds)} turns/s, ${latencies.length} turns; target p99 < 100 ms)`,
  ];
}
