import type { Desk } from '../../src/core/index.js';
import { PLATFORM } from './teams.inbound.js';

/** The tenant Deskbot last heard from, for posts that name only a channel (triage cards). */
const ANY_TENANT = '*';

/**
 * Where Teams is reached: the service URL of each tenant (refreshed from every inbound activity; a stale
 * one gets 403) and each user's bot-framework id (needed to open a direct chat). Kept in memory for
 * speed and in the desk's store for a restart or another instance; a write happens only on a change.
 */
export class TeamsPlaces {
  private readonly urls = new Map<string, string>();

  constructor(
    private readonly desk: Desk,
    /** SingleTenant apps name their tenant; MultiTenant ones use the last tenant heard from. */
    private readonly fixedTenant?: string,
  ) {}

  /** Remembers what an inbound activity said; called after its ack. */
  async seen(tenant: string, serviceUrl: string, user?: { aadObjectId: string; id: string }): Promise<void> {
    this.urls.set(tenant, serviceUrl);
    await this.desk.routes.remember(PLATFORM, tenant, 'serviceUrl', { url: serviceUrl });
    await this.desk.routes.remember(PLATFORM, ANY_TENANT, 'tenant', { id: tenant, url: serviceUrl });
    if (user) await this.desk.routes.remember(PLATFORM, tenant, `user:${user.aadObjectId}`, { id: user.id });
  }

  /** The freshest service URL of a tenant, or null when none was ever seen. */
  async serviceUrl(tenant: string): Promise<string | null> {
    const known = this.urls.get(tenant);
    if (known) return known;
    const stored = await this.desk.routes.read(PLATFORM, tenant, 'serviceUrl');
    const url = typeof stored?.url === 'string' ? stored.url : null;
    if (url) this.urls.set(tenant, url);
    return url;
  }

  /** The tenant whose channels hold the triage cards, with its service URL; null before any activity. */
  async home(): Promise<{ tenant: string; serviceUrl: string } | null> {
    if (this.fixedTenant) {
      const url = await this.serviceUrl(this.fixedTenant);
      return url ? { tenant: this.fixedTenant, serviceUrl: url } : null;
    }
    const last = await this.desk.routes.read(PLATFORM, ANY_TENANT, 'tenant');
    if (typeof last?.id !== 'string') return null;
    const url = await this.serviceUrl(last.id);
    return url ? { tenant: last.id, serviceUrl: url } : null;
  }

  /** A user's bot-framework id (`29:...`), from the last activity they sent. */
  async userId(tenant: string, aadObjectId: string): Promise<string | null> {
    const stored = await this.desk.routes.read(PLATFORM, tenant, `user:${aadObjectId}`);
    return typeof stored?.id === 'string' ? stored.id : null;
  }
}
