import { randomUUID } from 'node:crypto';
import { BOT_ID, type FakeTeams, TENANT, type TeamsUser } from './fake-teams.js';

/** Activities as Teams sends them to a bot (the fields Deskbot and botbuilder read). */
export type TeamsActivity = Record<string, unknown> & { id: string; serviceUrl: string };

function base(fake: FakeTeams, user: TeamsUser, conversation: Record<string, unknown>): TeamsActivity {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    localTimezone: 'Europe/London',
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { tenantId: TENANT, ...conversation },
    recipient: { id: BOT_ID, name: 'Deskbot' },
    channelData: { tenant: { id: TENANT } },
    entities: [{ type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web' }],
  };
}

/** A person writes to the bot in their personal chat. */
export function personalMessage(fake: FakeTeams, user: TeamsUser, text: string): TeamsActivity {
  return { ...base(fake, user, personalChat(user)), text, textFormat: 'plain' };
}

export function personalChat(user: TeamsUser): { id: string; conversationType: 'personal' } {
  return { id: `a:chat-${user.aadObjectId}`, conversationType: 'personal' };
}

/** A message in a channel's reply chain (root = the chain's first message), @mentioning the bot or not. */
export function channelMessage(
  fake: FakeTeams,
  user: TeamsUser,
  where: { channel: string; root: string },
  text: string,
  mention = false,
): TeamsActivity {
  const conversation = {
    id: `${where.channel};messageid=${where.root}`,
    conversationType: 'channel',
    isGroup: true,
  };
  const activity = base(fake, user, conversation);
  activity.channelData = {
    tenant: { id: TENANT },
    channel: { id: where.channel },
    team: { id: where.channel },
  };
  if (!mention) return { ...activity, text };
  return {
    ...activity,
    text: `<at>Deskbot</at> ${text}`,
    entities: [
      { type: 'mention', text: '<at>Deskbot</at>', mentioned: { id: BOT_ID, name: 'Deskbot' } },
      ...((activity.entities as unknown[]) ?? []),
    ],
  };
}

/** Action.Submit on a card Deskbot posted (`replyToId`), in the conversation it was posted in. */
export function cardSubmit(
  fake: FakeTeams,
  user: TeamsUser,
  conversation: { id: string; conversationType: string },
  replyToId: string,
  value: Record<string, unknown>,
): TeamsActivity {
  const activity = base(fake, user, {
    ...conversation,
    isGroup: conversation.conversationType !== 'personal',
  });
  return { ...activity, replyToId, value, text: '' };
}

/** A file in a personal chat, as Teams attaches it: its name and a pre-authenticated download URL. */
export function fileAttachment(name: string, downloadUrl: string): Record<string, unknown> {
  return {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    name,
    contentUrl: 'https://acme-my.sharepoint.com/personal/rita/Documents/Microsoft%20Teams%20Chat%20Files',
    content: { downloadUrl, uniqueId: randomUUID(), fileType: name.split('.').pop() },
  };
}

/** A pasted picture: `image/*` at the connector, with the HTML Teams sends alongside (not a file). */
export function inlineImage(contentUrl: string): Record<string, unknown>[] {
  return [
    { contentType: 'image/*', contentUrl },
    { contentType: 'text/html', content: `<div><img src="${contentUrl}" alt="image"></div>` },
  ];
}

/** The same activity, with files attached (and `text` replaced, '' for a file alone). */
export function withFiles(
  activity: TeamsActivity,
  attachments: Record<string, unknown>[],
  text = '',
): TeamsActivity {
  return { ...activity, text, attachments };
}
