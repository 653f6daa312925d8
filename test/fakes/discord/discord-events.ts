import { APPLICATION_ID, BOT_USER, type DiscordUser, type FakeDiscord, GUILD } from './fake-discord.js';
import type { DiscordAttachment } from './fake-discord-cdn.js';

type Json = Record<string, unknown>;

const author = (u: DiscordUser) => ({
  id: u.id,
  username: u.username,
  discriminator: '0',
  global_name: u.global_name ?? u.username,
  avatar: null,
  ...(u.bot ? { bot: true } : {}),
});

/** A DM from a person, as MESSAGE_CREATE carries it (`channel_type: 1`, no guild). */
export function dm(fake: FakeDiscord, user: DiscordUser, channelId: string, content: string): Json {
  return {
    id: fake.nextId(),
    channel_id: channelId,
    channel_type: 1,
    author: author(user),
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
  };
}

/** A message (DM or guild) with files attached, as the CDN describes them. */
export function withFiles(message: Json, attachments: DiscordAttachment[]): Json {
  return { ...message, attachments };
}

/** A message in a guild channel or thread, @mentioning the bot or not. */
export function guildMessage(
  fake: FakeDiscord,
  user: DiscordUser,
  channelId: string,
  content: string,
  mention = false,
): Json {
  return {
    ...dm(fake, user, channelId, mention ? `<@${BOT_USER.id}> ${content}` : content),
    channel_type: undefined,
    guild_id: GUILD,
    member: {
      roles: fake.memberRoles.get(user.id) ?? [],
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    mentions: mention ? [{ ...BOT_USER, member: { roles: [] } }] : [],
  };
}

function interaction(
  fake: FakeDiscord,
  user: DiscordUser,
  channelId: string,
  guild: boolean,
  more: Json,
): Json {
  const who = guild
    ? {
        member: {
          user: author(user),
          roles: fake.memberRoles.get(user.id) ?? [],
          joined_at: new Date().toISOString(),
          permissions: '0',
          deaf: false,
          mute: false,
          flags: 0,
        },
        guild_id: GUILD,
      }
    : { user: author(user) };
  const channel = fake.channels.get(channelId) ?? { id: channelId, type: guild ? 0 : 1 };
  return {
    id: fake.nextId(),
    application_id: APPLICATION_ID,
    token: `itoken-${fake.nextId()}`,
    version: 1,
    channel_id: channelId,
    channel,
    app_permissions: '0',
    locale: 'en-GB',
    guild_locale: 'en-GB',
    entitlements: [],
    authorizing_integration_owners: {},
    context: guild ? 0 : 1,
    ...who,
    ...more,
  };
}

/** A click on a button (or a choice in a select) of a message the bot posted. */
export function componentClick(
  fake: FakeDiscord,
  user: DiscordUser,
  message: Json,
  customId: string,
  values?: string[],
): Json {
  const channelId = String(message.channel_id);
  return interaction(fake, user, channelId, 'guild_id' in message, {
    type: 3,
    message,
    data: values
      ? { component_type: 3, custom_id: customId, values }
      : { component_type: 2, custom_id: customId },
  });
}

/** A submitted modal (`fields` by input custom id), opened from a message in `channelId`. */
export function modalSubmit(
  fake: FakeDiscord,
  user: DiscordUser,
  channelId: string,
  customId: string,
  fields: Record<string, string>,
  guild = false,
): Json {
  return interaction(fake, user, channelId, guild, {
    type: 5,
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    },
  });
}

/** /helpdesk SUB [option]. */
export function slashCommand(
  fake: FakeDiscord,
  user: DiscordUser,
  channelId: string,
  sub: string,
  options: Json[] = [],
): Json {
  return interaction(fake, user, channelId, true, {
    type: 2,
    data: { id: fake.nextId(), name: 'helpdesk', type: 1, options: [{ type: 1, name: sub, options }] },
  });
}
