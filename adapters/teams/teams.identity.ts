import { TeamsInfo } from 'botbuilder';
import type { PlatformProfile, ProfileLookup } from '../../src/ports/channel-adapter.port.js';
import type { TeamsConnector } from './teams.connector.js';
import type { TeamsRef } from './teams.inbound.js';

/** Who wrote lately, and where: a member lookup needs the conversation and the user's bot id. */
export class RecentSpeakers {
  private readonly seen = new Map<string, { ref: TeamsRef; userId: string; timezone?: string }>();

  note(
    tenant: string,
    aadObjectId: string,
    entry: { ref: TeamsRef; userId: string; timezone?: string },
  ): void {
    const key = `${tenant}/${aadObjectId}`;
    this.seen.delete(key);
    this.seen.set(key, entry);
    // Only identities not linked yet are looked up, right after their first event's ack: a few suffice.
    if (this.seen.size > 5_000) this.seen.delete(this.seen.keys().next().value!);
  }

  get(tenant: string, aadObjectId: string) {
    return this.seen.get(`${tenant}/${aadObjectId}`);
  }
}

/**
 * Teams' part in identity: the conversation member (its email or user principal name, its tenant and
 * role), asked only for a Teams user the desk has not linked yet, after the activity's ack.
 */
export function teamsProfiles(connector: TeamsConnector, recent: RecentSpeakers): ProfileLookup {
  return async ({ workspace, externalId }): Promise<PlatformProfile> => {
    const where = recent.get(workspace, externalId);
    if (!where) throw new Error('teams: no recent activity of this user to look the member up in');
    // Members belong to the chat or channel, not to one reply chain of it.
    const ref = { ...where.ref, conversationId: where.ref.conversationId.replace(/;messageid=\d+$/, '') };
    const member = await connector.run(ref, (context) => TeamsInfo.getMember(context, where.userId));
    const email = member.email || member.userPrincipalName || null;
    return {
      // An anonymous meeting guest is nobody on the desk.
      isPerson: member.userRole !== 'anonymous' && !!member.aadObjectId,
      email,
      name: member.name || email || 'Teams user',
      timezone: where.timezone || 'UTC',
      ...(member.tenantId ? { homeWorkspace: member.tenantId } : {}),
    };
  };
}
