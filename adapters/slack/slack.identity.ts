import type { WebClient } from '@slack/web-api';
import type { Desk } from '../../src/core/index.js';
import type { Person } from '../../src/ports/store.port.js';
import { PLATFORM } from './slack.inbound.js';

/** A Slack user Deskbot cannot map to a person (no email visible, a bot, another organisation). */
export class UnknownSlackUser extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnknownSlackUser';
  }
}

const CACHE_LIMIT = 10_000;

/**
 * Slack user + team (from the verified payload only, never from text) to a person: a linked identity
 * first; else users.info's email, linked to the person with that email, who is created as a requester
 * when the desk does not know them yet. Links are remembered in memory: roles are read per use.
 */
export class SlackIdentity {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly desk: Desk,
    private readonly client: WebClient,
  ) {}

  async personId(team: string, user: string): Promise<string> {
    const key = `${team}:${user}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    const person = (await this.desk.people.byIdentity(PLATFORM, team, user)) ?? (await this.link(team, user));
    if (this.known.size >= CACHE_LIMIT) this.known.clear();
    this.known.set(key, person.id);
    return person.id;
  }

  /** The person with roles, for actions the core checks (clicks on a triage card). */
  async person(team: string, user: string): Promise<Person> {
    const person = await this.desk.people.find(await this.personId(team, user));
    if (!person) throw new UnknownSlackUser('the person was removed');
    return person;
  }

  private async link(team: string, user: string): Promise<Person> {
    const info = await this.client.users.info({ user });
    const u = info.user;
    if (!u || u.deleted || u.is_bot) throw new UnknownSlackUser('not a person');
    // An email from another organisation (Slack Connect) must not claim a person of this desk.
    if (u.team_id && u.team_id !== team) throw new UnknownSlackUser('a member of another workspace');
    const email = u.profile?.email;
    if (!email) throw new UnknownSlackUser('Slack shows no email for this user (scope users:read.email)');
    const name = u.real_name || u.profile?.real_name || u.name || email;
    const person =
      (await this.desk.people.findByEmail(email)) ??
      (await this.desk.people.ensure(email, name, u.tz || 'UTC'));
    await this.desk.people.linkIdentity(person.id, PLATFORM, team, user);
    return person;
  }
}
