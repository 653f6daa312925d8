import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Reply-To addresses that say which request a reply is about and whose it is: help+IT-42.<token>@acme.example,
 * the token an HMAC of the key and the person, so a reply can only comment as the person it was sent to,
 * on that request (a forged From alone is not enough).
 */
export class ReplyAddresses {
  private readonly local: string;
  private readonly domain: string;

  constructor(
    base: string,
    private readonly secret: string,
  ) {
    const at = base.lastIndexOf('@');
    this.local = base.slice(0, at);
    this.domain = base.slice(at + 1).toLowerCase();
  }

  address(ticketKey: string, personId: string): string {
    return `${this.local}+${ticketKey}.${this.token(ticketKey, personId)}@${this.domain}`;
  }

  /** The request key and token an address carries, if it is one of ours. */
  parse(address: string): { key: string; token: string } | null {
    const m = /<?([^<>\s]+)@([^<>\s]+?)>?$/.exec(address.trim());
    if (!m || m[2]!.toLowerCase() !== this.domain) return null;
    const local = m[1]!;
    const prefix = `${this.local}+`;
    if (!local.toLowerCase().startsWith(prefix.toLowerCase())) return null;
    const tagged = /^([A-Za-z][A-Za-z0-9]*-\d+)\.([A-Za-z0-9_-]{16})$/.exec(local.slice(prefix.length));
    return tagged ? { key: tagged[1]!.toUpperCase(), token: tagged[2]! } : null;
  }

  verify(ticketKey: string, personId: string, token: string): boolean {
    const expected = Buffer.from(this.token(ticketKey, personId));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private token(ticketKey: string, personId: string): string {
    return createHmac('sha256', this.secret)
      .update(`${ticketKey}:${personId}`)
      .digest('base64url')
      .slice(0, 16);
  }
}
