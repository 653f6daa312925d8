import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AppCredentials,
  type AuthenticatorResult,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { TeamsSettings } from './teams.settings.js';

/** Teams' audience for outbound calls (the Bot Connector), and the scope its tokens are asked for. */
const CHANNEL_AUDIENCE = 'https://api.botframework.com';
/** Ask for a new token this long before the old one expires (Microsoft's tokens last an hour). */
const EARLY_MS = 5 * 60_000;

/**
 * The Bot Framework authentication of one adapter: inbound JWTs checked against the configured OpenID
 * metadata and issuer (the SDK checks signature, audience, issuer, expiry, key endorsements and the
 * `serviceurl` claim), outbound tokens by OAuth2 client credentials from the configured login URL.
 * With TEAMS_AUTH=off it is the SDK's unauthenticated mode (local development only).
 */
export function teamsAuthentication(
  settings: TeamsSettings,
  tokens?: ClientCredentialsTokens | null,
): ConfigurationBotFrameworkAuthentication {
  if (!settings.authOn) return new NoRetryAuthentication({});
  const outbound = tokens ?? outboundTokens(settings)!;
  const tenant = tenantOf(settings);
  return new NoRetryAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.appPassword,
      MicrosoftAppType: settings.appType,
      MicrosoftAppTenantId: settings.tenantId,
      // Setting these switches the SDK to its parameterised mode, where every one must be given.
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: settings.tokenIssuer,
      // Emulator tokens are checked against the channel's own keys: in effect refused.
      ToBotFromEmulatorOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToChannelFromBotLoginUrl: `${settings.loginUrl.replace(/\/$/, '')}/${tenant}`,
      ToChannelFromBotOAuthScope: CHANNEL_AUDIENCE,
      OAuthUrl: CHANNEL_AUDIENCE,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    },
    new ClientCredentialsFactory(settings.appId, outbound),
  );
}

/**
 * The adapter's outbound tokens (null with TEAMS_AUTH=off): the connector's calls and the downloads of
 * inline images share them.
 */
export function outboundTokens(settings: TeamsSettings): ClientCredentialsTokens | null {
  if (!settings.authOn) return null;
  return new ClientCredentialsTokens(
    settings.appId,
    settings.appPassword ?? '',
    `${settings.loginUrl.replace(/\/$/, '')}/${tenantOf(settings)}/oauth2/v2.0/token`,
  );
}

function tenantOf(settings: TeamsSettings): string {
  return settings.appType === 'SingleTenant' ? settings.tenantId! : 'botframework.com';
}

/**
 * The SDK's HTTP pipeline retries 429 and 5xx by itself (three times, waiting inside the call); the
 * outbox decides retries here, so every connector client it makes has those policies removed.
 */
class NoRetryAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ) {
    const result = await super.authenticateRequest(...args);
    return {
      ...result,
      connectorFactory: result.connectorFactory && withoutRetries(result.connectorFactory),
    };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return withoutRetries(super.createConnectorFactory(claimsIdentity));
  }
}

function withoutRetries(inner: ConnectorFactory): ConnectorFactory {
  return new (class extends ConnectorFactory {
    async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
      const client = await inner.create(serviceUrl, audience);
      const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
      for (const name of RETRY_POLICIES) pipeline?.removePolicy({ name });
      return client;
    }
  })();
}

interface Pipeline {
  removePolicy(options: { name: string }): unknown;
}
const RETRY_POLICIES = [
  'defaultRetryPolicy',
  'exponentialRetryPolicy',
  'throttlingRetryPolicy',
  'systemErrorRetryPolicy',
  'retryPolicy',
];

/**
 * Outbound tokens for one app: a client-credentials POST to the login URL, cached until five minutes
 * before expiry, one request at a time. The SDK's own factory goes through MSAL, which refuses any
 * login URL that is not https (a proxy or a fake); its static token cache is shared by every adapter
 * in the process, this one belongs to the adapter.
 */
export class ClientCredentialsTokens {
  private token: { value: string; until: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly appId: string,
    private readonly password: string,
    private readonly tokenUrl: string,
  ) {}

  async get(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.token.until > Date.now()) return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.appId,
      client_secret: this.password,
      scope: `${CHANNEL_AUDIENCE}/.default`,
    });
    const res = await fetch(this.tokenUrl, { method: 'POST', body, signal: AbortSignal.timeout(10_000) });
    if (!res.ok)
      throw new TokenError(`token endpoint answered ${res.status}`, res.status >= 500 || res.status === 429);
    const json = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!json.access_token) throw new TokenError('token endpoint answered no access_token', false);
    const lifetimeMs = Math.max(0, Number(json.expires_in ?? 0) * 1000 - EARLY_MS);
    this.token = { value: json.access_token, until: Date.now() + lifetimeMs };
    return json.access_token;
  }
}

/** The login endpoint refused or failed; `retryable` for a 5xx or 429. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

class ClientCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly tokens: ClientCredentialsTokens,
  ) {
    super(appId, undefined, CHANNEL_AUDIENCE);
  }

  override getToken(forceRefresh = false): Promise<string> {
    return this.tokens.get(forceRefresh);
  }

  protected async refreshToken(): Promise<AuthenticatorResult> {
    const accessToken = await this.tokens.get(true);
    return { accessToken, expiresOn: new Date(Date.now() + EARLY_MS) };
  }
}

class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly tokens: ClientCredentialsTokens,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string): Promise<ClientCredentials> {
    return new ClientCredentials(appId, this.tokens);
  }
}
