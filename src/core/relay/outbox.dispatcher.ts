import type { ChannelPort } from '../../ports/channel.port.js';
import { DeliveryError } from '../../ports/channel.port.js';
import type { TopicHandler } from '../../ports/channel-adapter.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { ConversationAddress, OutboundMessage } from '../../ports/message.types.js';
import type { Store } from '../../ports/store.port.js';
import { requestLink } from '../tickets/ticket.links.js';
import { addressOf, messageRow } from './message.rows.js';
import { relayMessage } from './relay.messages.js';

export type { TopicHandler } from '../../ports/channel-adapter.port.js';

/**
 * Handles all claimed rows of a topic at once, for work that is cheaper together and has no order (SLA
 * recomputes: one read and one write for many tickets). Throws to have them all retried.
 */
export type BatchTopicHandler = (rows: OutboxRow[]) => Promise<void>;

export interface DispatcherOptions {
  pollMs?: number;
  batch?: number;
  /** How long a claimed row stays hidden from other dispatchers (a crash brings it back after this). */
  leaseMs?: number;
  maxAttempts?: number;
  baseUrl?: string;
  onError?: (err: unknown, row: OutboxRow) => void;
}

/**
 * Delivers the outbox: messages to conversations through each platform's ChannelPort, ticket events to
 * the requester's conversation (as new messages, through the outbox again), and any topic an adapter
 * registers (triage cards, notifications). 429 waits at least Retry-After; other retryable failures back
 * off exponentially with jitter, a bounded number of times, then the row is dead (kept, visible).
 */
export class OutboxDispatcher {
  private readonly channels = new Map<string, ChannelPort>();
  private readonly topics = new Map<string, TopicHandler>();
  private readonly batchTopics = new Map<string, BatchTopicHandler>();
  /** Where a ticket event goes when no conversation follows the ticket (email, when it is on). */
  private relayFallback:
    | ((row: OutboxRow, markdown: string) => Promise<'delivered' | { skipped: string }>)
    | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Set by stop(): a drain in progress ends after its batch instead of working off the whole backlog. */
  private stopping = false;
  private readonly opts: Required<Omit<DispatcherOptions, 'onError'>> & Pick<DispatcherOptions, 'onError'>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: DispatcherOptions = {},
  ) {
    this.opts = { pollMs: 1000, batch: 50, leaseMs: 30_000, maxAttempts: 8, baseUrl: '', ...options };
    this.topics.set('message', (row) => this.deliverMessage(row));
    this.topics.set('relay', (row) => this.relay(row));
  }

  registerChannel(port: ChannelPort): void {
    this.channels.set(port.platform, port);
  }

  registerTopic(topic: string, handler: TopicHandler): void {
    this.topics.set(topic, handler);
  }

  useRelayFallback(
    fallback: (row: OutboxRow, markdown: string) => Promise<'delivered' | { skipped: string }>,
  ): void {
    this.relayFallback = fallback;
  }

  registerBatchTopic(topic: string, handler: BatchTopicHandler): void {
    this.batchTopics.set(topic, handler);
  }

  /** Whether rows of this topic would be delivered (an outbound service is configured). */
  hasTopic(topic: string): boolean {
    return this.topics.has(topic) || this.batchTopics.has(topic);
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in hand (the rest stays pending for the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Something was queued in this process: deliver now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Claims and handles due rows until none is left; returns how many were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.stopping) return total;
      const rows = await this.store.outbox.claim(this.opts.batch, this.clock.now(), this.opts.leaseMs);
      if (rows.length === 0) return total;
      const batched = new Map<string, OutboxRow[]>();
      const single: OutboxRow[] = [];
      for (const row of rows) {
        if (this.batchTopics.has(row.topic)) batched.set(row.topic, [...(batched.get(row.topic) ?? []), row]);
        else single.push(row);
      }
      // Rows for one conversation (or one ticket) go in order; different conversations go in parallel.
      await Promise.all([
        ...[...batched].map(([topic, group]) => this.handleBatch(topic, group)),
        ...[...groupByConversation(single).values()].map((group) => this.handleInOrder(group)),
      ]);
      total += rows.length;
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((err) =>
          this.opts.onError?.(err, { id: 0, topic: 'claim', ticketId: null, payload: {}, attempts: 0 }),
        )
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.opts.pollMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  /** Stops at the first row that must wait, and holds the rest back until then so none overtakes it. */
  private async handleInOrder(group: OutboxRow[]): Promise<void> {
    for (const [i, row] of group.entries()) {
      const retryAt = await this.handle(row);
      if (retryAt) {
        const rest = group.slice(i + 1).map((r) => r.id);
        if (rest.length > 0) await this.store.outbox.release(rest, retryAt);
        return;
      }
    }
  }

  private async handleBatch(topic: string, rows: OutboxRow[]): Promise<void> {
    try {
      await this.batchTopics.get(topic)!(rows);
    } catch (err) {
      // All of them again, each on its own backoff (the handler is a recompute: repeating it is harmless).
      await Promise.all(rows.map((row) => this.failed(row, err)));
      return;
    }
    await Promise.all(rows.map((row) => this.store.outbox.delivered(row.id, this.clock.now())));
  }

  /** Returns when the row is to be tried again, if it failed and will be. */
  private async handle(row: OutboxRow): Promise<Date | undefined> {
    const handler = this.topics.get(row.topic);
    const now = () => this.clock.now();
    if (!handler) {
      await this.store.outbox.finish(row.id, 'skipped', `no handler for topic ${row.topic}`, now());
      return undefined;
    }
    try {
      const outcome = await handler(row);
      if (outcome === 'delivered') await this.store.outbox.delivered(row.id, now());
      else await this.store.outbox.finish(row.id, 'skipped', outcome.skipped, now());
    } catch (err) {
      return this.failed(row, err);
    }
    return undefined;
  }

  /** A failed row: dead if final or out of attempts, else retried with backoff; returns when, if retried. */
  private async failed(row: OutboxRow, err: unknown): Promise<Date | undefined> {
    const now = () => this.clock.now();
    this.opts.onError?.(err, row);
    const retryable = err instanceof DeliveryError ? err.retryable : true;
    const reason = err instanceof Error ? err.message : String(err);
    if (!retryable || row.attempts >= this.opts.maxAttempts) {
      await this.store.outbox.finish(row.id, 'dead', reason, now());
      return undefined;
    }
    const wait = Math.max(err instanceof DeliveryError ? (err.retryAfterMs ?? 0) : 0, backoff(row.attempts));
    const retryAt = new Date(now().getTime() + wait);
    await this.store.outbox.retry(row.id, retryAt, reason);
    if (!this.stopped) setTimeout(() => this.wake(), wait + 5).unref?.();
    return retryAt;
  }

  private async deliverMessage(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    const address = addressOf(row.payload) ?? (await this.storedAddress(String(row.payload.conversationId)));
    if (!address) return { skipped: `no conversation ${String(row.payload.conversationId)}` };
    const port = this.channels.get(address.platform);
    if (!port) return { skipped: `channel ${address.platform} is off` };
    // attempts counts this claim too: more than one, and an earlier claim may have posted it.
    await port.deliver(address, row.payload.message as unknown as OutboundMessage, {
      id: row.id,
      retried: row.attempts > 1,
    });
    return 'delivered';
  }

  /** For rows queued before they carried their address. */
  private async storedAddress(conversationId: string): Promise<ConversationAddress | null> {
    const c = await this.store.conversations.get(conversationId);
    return c && { id: c.id, platform: c.platform, ref: c.ref, formFields: 0 };
  }

  /** Turns a ticket event into a message in each conversation that follows the ticket. */
  private async relay(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    if (row.ticketId === null) return { skipped: 'no ticket' };
    const conversations = await this.store.conversations.forTicket(row.ticketId);
    const authorId = typeof row.payload.authorId === 'string' ? row.payload.authorId : null;
    const author = authorId ? await this.store.people.byId(authorId) : null;
    const key = String(row.payload.ticketKey);
    const message = relayMessage(row.payload, author?.name ?? null, requestLink(this.opts.baseUrl, key));
    if (!message) return { skipped: `nothing to relay for ${String(row.payload.type)}` };
    if (conversations.length === 0) {
      const text = message.parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('\n\n');
      return this.relayFallback
        ? this.relayFallback(row, text)
        : { skipped: 'the ticket has no conversation' };
    }
    for (const c of conversations) {
      // The requester's own words are not echoed back to them.
      if (authorId !== null && authorId === c.personId) continue;
      await this.store.conversations.appendOutbound(
        c.id,
        message as unknown as Record<string, unknown>,
        this.clock.now(),
        [messageRow(c, message)],
      );
    }
    this.wake();
    return 'delivered';
  }
}

function groupByConversation(rows: OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const key =
      typeof row.payload.conversationId === 'string'
        ? `c:${row.payload.conversationId}`
        : row.ticketId !== null
          ? `t:${row.ticketId}:${row.topic}` // per topic: a platform retrying holds back nothing else
          : `r:${row.id}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

/** 1 s, 2 s, 4 s ... up to 5 min, with ±20% jitter so retries of many rows do not align. */
export function backoff(attempts: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
