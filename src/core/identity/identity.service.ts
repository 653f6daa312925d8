import { createHash, randomInt } from 'node:crypto';
import type { ProfileLookup } from '../../ports/channel-adapter.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { PlatformIdentity, Speaker } from '../../ports/message.types.js';
import type { Person, RoleGrant, Store } from '../../ports/store.port.js';
import { NotFoundError } from '../errors.js';

/** A platform identity the desk will not map to a person, with the reason. */
export class UnknownIdentity extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnknownIdentity';
  }
}

/** How long a link code works. */
export const LINK_CODE_LIFETIME_MS = 10 * 60_000;
/** Unambiguous letters and digits (no 0/O, 1/I/L), so a code read aloud or retyped survives. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** People made for an identity that showed no email carry an address that can never receive mail. */
const PLACEHOLDER_DOMAIN = '.invalid';

/**
 * Platform identities to people, the same way for every platform: a linked identity first; else the
 * platform's profile, refused when it is no person or belongs to another workspace;
 * then the person with that email (made a requester when the desk does not know them), or, where the
 * platform shows no email, a placeholder person until they link by code; and the link is stored.
 */
export class IdentityService {
  private readonly profiles = new Map<string, ProfileLookup>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** The desk roles a platform's roles give (departments' `chatRoles`). */
    private readonly chatRoleGrants: (platform: string, held: string[]) => RoleGrant[] = () => [],
  ) {}

  /**
   * The roles a platform says a user holds now (Discord guild roles, by name and id), as the desk roles
   * the config maps them to: they replace what that platform gave the person before, so taking the
   * role away on the platform takes it away here. The config's own grants are not touched.
   */
  async applyPlatformRoles(identity: PlatformIdentity, held: string[]): Promise<void> {
    const personId = await this.personIdOf(identity);
    await this.store.people.setSourcedRoles(
      personId,
      identity.platform,
      this.chatRoleGrants(identity.platform, held),
    );
  }

  /** An adapter's profile lookup for its platform. */
  registerProfiles(platform: string, lookup: ProfileLookup): void {
    this.profiles.set(platform, lookup);
  }

  /** The person behind a speaker, with roles read now (every action re-checks them). */
  async personOf(speaker: Speaker): Promise<Person> {
    const id = 'personId' in speaker ? speaker.personId : await this.personIdOf(speaker);
    const person = await this.store.people.byId(id);
    if (!person) throw new UnknownIdentity('the person was removed');
    return person;
  }

  /**
   * The id of the person a platform identity resolves to, linking it the first time. Read from the
   * store each time, not remembered: a link made by code on one instance holds on every other at once
   * (an inbound event reads its link with the inbox write anyway; this runs for clicks and first sightings).
   */
  async personIdOf(identity: PlatformIdentity): Promise<string> {
    const { platform, workspace, externalId } = identity;
    const person =
      (await this.store.people.byIdentity(platform, workspace, externalId)) ?? (await this.link(identity));
    return person.id;
  }

  /** A one-time code the person says to the bot on another platform to link that account to them. */
  async issueCode(person: Person): Promise<{ code: string; expiresAt: Date }> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_CODE_LIFETIME_MS);
    const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    await this.store.people.addLinkCode(hashCode(code), person.id, now, expiresAt);
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
  }

  /**
   * Links the identity to the person who asked for the code (once, before it expires). What a
   * placeholder person had for this identity becomes theirs. Null for a wrong, used or expired code.
   */
  async redeemCode(identity: PlatformIdentity, code: string): Promise<Person | null> {
    const normalised = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (normalised.length !== 8) return null;
    const personId = await this.store.people.useLinkCode(hashCode(normalised), this.clock.now());
    if (!personId) return null;
    const { platform, workspace, externalId } = identity;
    const before = await this.store.people.byIdentity(platform, workspace, externalId);
    if (before && before.id !== personId && isPlaceholder(before.email))
      await this.store.people.absorbPlaceholder(before.id, personId);
    await this.store.people.linkIdentity(personId, platform, workspace, externalId);
    const person = await this.store.people.byId(personId);
    if (!person) throw new NotFoundError('The person who asked for the code is gone');
    return person;
  }

  private async link(identity: PlatformIdentity): Promise<Person> {
    const lookup = this.profiles.get(identity.platform);
    if (!lookup) throw new UnknownIdentity(`no profile lookup for ${identity.platform}`);
    const profile = await askWithRetries(() => lookup(identity));
    if (!profile.isPerson) throw new UnknownIdentity('not a person (a bot or a deactivated user)');
    // An email from another organisation (Slack Connect, a Teams guest) must not claim a person of this desk.
    if (profile.homeWorkspace !== undefined && profile.homeWorkspace !== identity.workspace)
      throw new UnknownIdentity('a member of another workspace');
    const email = profile.email?.toLowerCase() ?? placeholderEmail(identity);
    const person =
      (await this.store.people.byEmail(email)) ??
      (await this.store.people.ensure({ email, name: profile.name || email, timezone: profile.timezone }));
    await this.store.people.linkIdentity(
      person.id,
      identity.platform,
      identity.workspace,
      identity.externalId,
    );
    return person;
  }
}

/** Waits between profile lookups that failed for now (a 5xx, a timeout): the event is acked already. */
const LOOKUP_RETRIES_MS = [250, 1_000, 4_000];

/**
 * A platform that fails for a moment must not lose the message acked a moment ago: the lookup is asked
 * again a few times within the turn. An unknown identity is an answer, not a failure.
 */
async function askWithRetries<T>(ask: () => Promise<T>): Promise<T> {
  for (const wait of LOOKUP_RETRIES_MS) {
    try {
      return await ask();
    } catch (err) {
      if (err instanceof UnknownIdentity) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return ask();
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** Where a platform shows no email: an address of the reserved `.invalid` domain, unique per identity. */
function placeholderEmail(i: PlatformIdentity): string {
  const part = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '') || 'none';
  return `${part(i.platform)}-${part(i.workspace)}-${part(i.externalId)}@${part(i.platform)}${PLACEHOLDER_DOMAIN}`;
}

export function isPlaceholder(email: string): boolean {
  return email.endsWith(PLACEHOLDER_DOMAIN);
}
