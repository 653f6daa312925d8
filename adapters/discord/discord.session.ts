import { type SessionInfo, SimpleShardingStrategy } from 'discord.js';
import type { Desk } from '../../src/core/index.js';
import { PLATFORM } from './discord.inbound.js';

/** The gateway's manager (@discordjs/ws's; discord.js has a class of the same name). */
type GatewayManager = ConstructorParameters<typeof SimpleShardingStrategy>[0];

/** Where the gateway session is kept, among the desk's channel routes. */
const WORKSPACE = 'gateway';
/** The sequence number moves with every event: it is written at most this often. */
const FLUSH_MS = 1000;

/**
 * The gateway session, kept in the database as well as in the client, so that the instance taking the
 * gateway over after one was killed RESUMEs its session: Discord then sends again what came after the
 * last sequence written, and the inbox drops what was recorded already. A clean stop forgets it first,
 * so the next holder identifies afresh instead of taking a session that is still connected.
 */
export class GatewaySessions {
  private readonly stored = new Map<number, SessionInfo>();
  private readonly latest = new Map<number, SessionInfo | null>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<unknown> = Promise.resolve();
  /** Set by `forget`: what the closing connection still sees is not written back. */
  private letGo = false;

  constructor(private readonly desk: Desk) {}

  /** Reads what a previous holder left, before this instance connects. */
  async load(): Promise<void> {
    const value = await this.desk.routes.read(PLATFORM, WORKSPACE, 'session:0');
    if (value?.sessionId) this.stored.set(0, value as unknown as SessionInfo);
  }

  /** discord.js's sharding strategy, reading the stored session where the client has none yet. */
  strategy = (manager: GatewayManager) => {
    const options = manager.options as {
      retrieveSessionInfo: (shard: number) => SessionInfo | null | Promise<SessionInfo | null>;
      updateSessionInfo: (shard: number, info: SessionInfo | null) => void | Promise<void>;
    };
    const retrieve = options.retrieveSessionInfo;
    const update = options.updateSessionInfo;
    options.retrieveSessionInfo = async (shard) => (await retrieve(shard)) ?? this.stored.get(shard) ?? null;
    options.updateSessionInfo = async (shard, info) => {
      await update(shard, info);
      this.noteLater(shard, info);
    };
    return new SimpleShardingStrategy(manager);
  };

  /** On a clean stop, before letting the gateway go. */
  async forget(): Promise<void> {
    this.letGo = true;
    clearTimeout(this.timer);
    this.latest.clear();
    this.stored.clear();
    await this.writing;
    await this.desk.routes.remember(PLATFORM, WORKSPACE, 'session:0', {});
  }

  private noteLater(shard: number, info: SessionInfo | null): void {
    if (this.letGo) return;
    const before = this.latest.get(shard) ?? this.stored.get(shard);
    this.latest.set(shard, info);
    if (info === null) this.stored.delete(shard); // invalidated: the next connect identifies
    // A new session is written at once; a moved sequence with the next flush.
    const now = !info || before?.sessionId !== info.sessionId;
    if (now) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = [...this.latest];
    this.latest.clear();
    this.writing = this.writing.then(
      () =>
        Promise.all(
          pending.map(([shard, info]) =>
            this.desk.routes.remember(PLATFORM, WORKSPACE, `session:${shard}`, info ? { ...info } : {}),
          ),
        ).catch(() => {}), // best effort: a lost write costs replayed events, which the inbox drops
    );
  }
}
