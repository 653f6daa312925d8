import type { Interaction, Message } from 'discord.js';
import type { DiscordDeps } from './discord.deps.js';
import { discordSpeaker } from './discord.inbound.js';

/**
 * Guild roles as desk roles: the config's departments name Discord roles (`chatRoles.discord`) whose
 * holders are their agents or managers. Each event from a guild member carries their roles; when they
 * differ from what was applied last, the core replaces what Discord gave that person (taking a role
 * away on Discord takes it away on the desk). DMs carry no roles and change nothing.
 */
export async function syncGuildRoles(
  deps: DiscordDeps,
  from: Message | Interaction,
  userId: string,
): Promise<void> {
  if (!deps.rolesMapped || !from.guildId) return;
  const ids = roleIdsOf(from);
  if (!ids) return;
  const guild = deps.client.guilds.cache.get(from.guildId);
  const held = ids.flatMap((id) => {
    const name = guild?.roles.cache.get(id)?.name;
    return name ? [id, name] : [id];
  });
  const seen = [...held].sort().join('\u0000');
  if (deps.rolesSeen.get(userId) === seen) return;
  await deps.desk.identities.applyPlatformRoles(discordSpeaker(userId), held);
  if (deps.rolesSeen.size >= 50_000) deps.rolesSeen.clear();
  deps.rolesSeen.set(userId, seen);
}

function roleIdsOf(from: Message | Interaction): string[] | null {
  const roles = (from.member as { roles?: unknown } | null)?.roles;
  if (Array.isArray(roles)) return roles.map(String);
  const cache = (roles as { cache?: Map<string, unknown> } | undefined)?.cache;
  return cache ? [...cache.keys()] : null;
}
