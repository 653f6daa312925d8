import { ACCENT_COLOR } from './icons.js';

export interface ManifestInput {
  appId: string;
  /** The desk's public address (config `desk.baseUrl`): the app's website and its valid domain. */
  baseUrl: string;
  version: string;
}

/**
 * The Teams app manifest (schema 1.17): the bot in personal chats, teams and group chats, and the
 * resource-specific permission to read channel messages, so a reply under a triage card reaches the
 * bot without an @mention.
 */
export function teamsManifest({ appId, baseUrl, version }: ManifestInput): Record<string, unknown> {
  const site = baseUrl.replace(/\/$/, '');
  return {
    $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json',
    manifestVersion: '1.17',
    version,
    id: appId,
    developer: {
      name: 'Deskbot',
      websiteUrl: site,
      privacyUrl: `${site}/kb`,
      termsOfUseUrl: `${site}/kb`,
    },
    name: { short: 'Deskbot', full: 'Deskbot service desk' },
    description: {
      short: 'Ask the help desk where you already talk.',
      full:
        'Deskbot suggests knowledge-base articles first, then walks you through the right request and ' +
        'opens a ticket. Replies and status changes come back here; agents work tickets from their channel.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT_COLOR,
    bots: [
      {
        botId: appId,
        scopes: ['personal', 'team', 'groupChat'],
        // Lets people send files to the bot in a personal chat (they arrive as file.download.info).
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ['personal', 'team', 'groupChat'],
            commands: [
              { title: 'help', description: 'What Deskbot can do' },
              { title: 'my requests', description: 'Your open requests and their status' },
              { title: 'link', description: 'A code to link this account to your other chat accounts' },
            ],
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [new URL(site).host],
    webApplicationInfo: { id: appId, resource: `api://botid-${appId}` },
    authorization: {
      permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }] },
    },
  };
}
