import { and, eq } from 'drizzle-orm';
import type { ChannelPostRecord, ChannelPostStore } from '../ports/channel-post.port.js';
import { channelPosts } from './channel.schema.js';
import type { Db } from './database.js';

export class ChannelPostRepository implements ChannelPostStore {
  constructor(private readonly db: Db) {}

  async find(platform: string, purpose: string, ticketId: number): Promise<ChannelPostRecord | null> {
    const [row] = await this.db
      .select()
      .from(channelPosts)
      .where(
        and(
          eq(channelPosts.platform, platform),
          eq(channelPosts.purpose, purpose),
          eq(channelPosts.ticketId, ticketId),
        ),
      );
    return row ? record(row) : null;
  }

  async save(post: ChannelPostRecord, at: Date): Promise<void> {
    await this.db
      .insert(channelPosts)
      .values({ ...post, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({
        target: [channelPosts.platform, channelPosts.purpose, channelPosts.ticketId],
        set: { workspace: post.workspace, channel: post.channel, messageId: post.messageId, updatedAt: at },
      });
  }

  async at(platform: string, channel: string, messageId: string): Promise<ChannelPostRecord | null> {
    const [row] = await this.db
      .select()
      .from(channelPosts)
      .where(
        and(
          eq(channelPosts.platform, platform),
          eq(channelPosts.channel, channel),
          eq(channelPosts.messageId, messageId),
        ),
      )
      .limit(1);
    return row ? record(row) : null;
  }
}

function record(row: typeof channelPosts.$inferSelect): ChannelPostRecord {
  return {
    platform: row.platform,
    purpose: row.purpose,
    ticketId: row.ticketId,
    workspace: row.workspace,
    channel: row.channel,
    messageId: row.messageId,
  };
}
