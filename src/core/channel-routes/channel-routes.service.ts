import type { ChannelRouteStore } from '../../ports/channel-post.port.js';
import type { Clock } from '../../ports/clock.port.js';

/**
 * What an adapter must remember to reach a workspace again after a restart, or from another instance:
 * Teams' service URL per tenant (it changes, and a stale one gets 403), a user's bot-framework id for a
 * direct message. Inbound activities repeat the same value thousands of times; only a change is written.
 */
export class ChannelRoutes {
  private readonly written = new Map<string, string>();

  constructor(
    private readonly store: ChannelRouteStore,
    private readonly clock: Clock,
  ) {}

  async remember(platform: string, workspace: string, key: string, value: Record<string, unknown>) {
    const id = `${platform}\u0000${workspace}\u0000${key}`;
    const json = JSON.stringify(value);
    if (this.written.get(id) === json) return;
    await this.store.remember(platform, workspace, key, value, this.clock.now());
    // Bounded: a long-running instance meets many users; forgetting one only costs a repeated write.
    if (this.written.size >= 50_000) this.written.clear();
    this.written.set(id, json);
  }

  async read(platform: string, workspace: string, key: string): Promise<Record<string, unknown> | null> {
    return this.store.read(platform, workspace, key);
  }
}
