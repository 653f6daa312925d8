import { and, eq } from 'drizzle-orm';
import type { ChannelRouteStore } from '../ports/channel-post.port.js';
import { channelRoutes } from './channel.schema.js';
import type { Db } from './database.js';

export class ChannelRouteRepository implements ChannelRouteStore {
  constructor(private readonly db: Db) {}

  async remember(
    platform: string,
    workspace: string,
    key: string,
    value: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await this.db
      .insert(channelRoutes)
      .values({ platform, workspace, key, value, updatedAt: at })
      .onConflictDoUpdate({
        target: [channelRoutes.platform, channelRoutes.workspace, channelRoutes.key],
        set: { value, updatedAt: at },
      });
  }

  async read(platform: string, workspace: string, key: string): Promise<Record<string, unknown> | null> {
    const [row] = await this.db
      .select({ value: channelRoutes.value })
      .from(channelRoutes)
      .where(
        and(
          eq(channelRoutes.platform, platform),
          eq(channelRoutes.workspace, workspace),
          eq(channelRoutes.key, key),
        ),
      );
    return (row?.value as Record<string, unknown> | undefined) ?? null;
  }
}
