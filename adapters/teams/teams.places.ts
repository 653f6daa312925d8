import type { Desk } from '../../src/core/index.js';
import { PLATFORM } from './teams.inbound.js';

/** The tenant Deskbot last heard from, for posts that name only a channel (triage cards). */
const ANY_TENANT = '*';
/** A URL this instance did not hear itself may have been refreshed by another: read again after this. */
const TRUST_MS = 60_000;

/**
 * Where Teams is reached: the service URL of each tenant (refreshed from every inbound activity; a stale
 * one gets 403) and each user's bot-framework id (needed to open a direct chat). Kept in memory for
 * speed and in the desk's store for a restart or another instance; a write happens only on a change.
 * Behind a load balancer another instance may hear the refresh: the memory is trusted for TRUST_MS.
 */
export class TeamsPlaces {
  private readonly urls = new Map<string, { url: string; at: number }>();

  constructor(
    private readonly desk: Desk,
    /** SingleTenant apps name their tenant; MultiTenant ones use the last tenant heard from. */
    private readonly fixedTenant?: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers what an inbound activity said; called after its ack. */
  async seen(tenant: string, serviceUrl: string, user?: { aadObjectId: string; id: string }): Promise<void> {
    this.urls.set(tenant, { url: serviceUrl, at: this.now() });
    await this.desk.routes.remember(PLATFORM, tenant, 'serviceUrl', { url: serviceUrl });
    await this.desk.routes.remember(PLATFORM, ANY_TENANT, 'tenant', { id: tenant, url: serviceUrl });
    if (user) await this.desk.routes.remember(PLATFORM, tenant, `user:${user.aadObjectId}`, { id: user.id });
  }

  /** The freshest service URL of a tenant, or null when none was ever seen. */
  async serviceUrl(tenant: string): Promise<string | null> {
    const known = this.urls.get(tenant);
    if (known && this.now() - known.at < TRUST_MS) return known.url;
    const stored = await this.desk.routes.read(PLATFORM, tenant, 'serviceUrl');
    const url = typeof stored?.url === 'string' ? stored.url : null;
    if (url) this.urls.set(tenant, { url, at: this.now() });
    return url ?? known?.url ?? null;
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
