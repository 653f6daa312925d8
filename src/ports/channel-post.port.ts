/** A message Deskbot posted on a platform and must find again, e.g. a ticket's triage card. */
export interface ChannelPostRecord {
  platform: string;
  /** What the post is, e.g. 'triage_card'. */
  purpose: string;
  ticketId: number;
  /** Workspace, team or tenant ('' when the platform has none). */
  workspace: string;
  channel: string;
  /** The platform's message id (Slack ts, Discord snowflake, Teams activity id). */
  messageId: string;
}

export interface ChannelPostStore {
  find(platform: string, purpose: string, ticketId: number): Promise<ChannelPostRecord | null>;
  /** Records where the post is; saving the same (platform, purpose, ticket) again moves it. */
  save(post: ChannelPostRecord, at: Date): Promise<void>;
  /** The post at this place (a thread's root message), if Deskbot made it. */
  at(platform: string, channel: string, messageId: string): Promise<ChannelPostRecord | null>;
}

/**
 * What adapters remember to reach a workspace's people and channels after a restart (Teams' service URL
 * per tenant, a user's bot-framework id); one JSON value per (platform, workspace, key).
 */
export interface ChannelRouteStore {
  remember(
    platform: string,
    workspace: string,
    key: string,
    value: Record<string, unknown>,
    at: Date,
  ): Promise<void>;
  read(platform: string, workspace: string, key: string): Promise<Record<string, unknown> | null>;
}
