import { randomUUID } from 'node:crypto';
import {
  ACTIONS,
  type InboundFile,
  type InboundMessage,
  type MessagePart,
  type OutboundMessage,
} from '../../src/ports/message.types.js';
import type { Person } from '../../src/ports/store.port.js';
import type { TestDesk } from './test-desk.js';

/** A person chatting with the desk in one conversation, as an adapter would drive the core. */
export class TestChat {
  readonly conversationId: string;
  last: OutboundMessage[] = [];

  constructor(
    private readonly t: TestDesk,
    public person: Person,
    /**
     * `forms`: whole forms (the web chat); `formFields`: forms of at most that many inputs (Discord: 5);
     * `threaded`: each request its own thread (Slack, Teams, Discord), else one conversation (the web chat).
     */
    options: { conversationId?: string; forms?: boolean; formFields?: number; threaded?: boolean } = {},
  ) {
    this.conversationId = options.conversationId ?? `test:${person.id}`;
    this.formFields = options.formFields ?? (options.forms ? 100 : 0);
    this.threaded = options.threaded ?? false;
  }

  private readonly formFields: number;
  private readonly threaded: boolean;

  async say(text: string, deliveryId: string = randomUUID()): Promise<OutboundMessage[]> {
    return this.send({ text }, deliveryId);
  }

  /** The sample's laptop request, told and answered field by field through the chat; its key. */
  async openLaptopRequest(): Promise<string> {
    await this.say('My laptop will not start after the update');
    await this.click(ACTIONS.chooseType, 'laptop-problem');
    await this.say('Laptop');
    await this.click(ACTIONS.keep, 'description');
    await this.say('skip');
    await this.click(ACTIONS.confirm);
    const [ticket] = await this.t.desk.tickets.list(this.person, { requesterId: this.person.id, limit: 1 });
    return ticket!.key;
  }

  /** A message with files (as a platform describes them), and words if any. */
  async sendFiles(files: InboundFile[], text?: string): Promise<OutboundMessage[]> {
    return this.send({ text, files });
  }

  async click(action: string, value?: string, values?: Record<string, unknown>): Promise<OutboundMessage[]> {
    return this.send({ action: { action, value, values } });
  }

  /** Everything the replies say as text, joined. */
  text(): string {
    return this.last
      .flatMap((m) => m.parts)
      .filter((p): p is Extract<MessagePart, { kind: 'text' }> => p.kind === 'text')
      .map((p) => p.text)
      .join('\n');
  }

  part<K extends MessagePart['kind']>(kind: K): Extract<MessagePart, { kind: K }> | undefined {
    return this.last
      .flatMap((m) => m.parts)
      .find((p): p is Extract<MessagePart, { kind: K }> => p.kind === kind);
  }

  async send(
    body: Pick<InboundMessage, 'text' | 'action' | 'files'>,
    deliveryId: string = randomUUID(),
  ): Promise<OutboundMessage[]> {
    const result = await this.t.desk.conversations.receive({
      platform: 'test',
      deliveryId,
      conversation: {
        id: this.conversationId,
        platform: 'test',
        ref: { room: this.conversationId },
        formFields: this.formFields,
        threaded: this.threaded,
      },
      personId: this.person.id,
      ...body,
    });
    this.last = result.replies;
    return result.replies;
  }
}
