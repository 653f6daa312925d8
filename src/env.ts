import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DESK_CONFIG: z.string().default('config/desk.yaml'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Behind a load balancer or proxy: whose X-Forwarded-For to believe for the client address (rate
   * limits, logs). `true` (every hop), a hop count, or comma-separated addresses or CIDRs; unset: none.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|\d+|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/,
      'must be true, a hop count, or addresses/CIDRs',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * On SIGTERM, how long to go on serving with /readyz answering 503 before closing, so a load balancer
   * stops sending first (its probe interval times its failure threshold). 0: close at once.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** The web chat's demo identity picker (people marked `demo:` in the config); off in production. */
  WEB_DEMO_IDENTITIES: z.enum(['on', 'off']).default('on'),
  /** Slack: the bot token, and the signing secret (HTTP events) or the app token (Socket Mode). */
  SLACK_BOT_TOKEN: optionalUrl(/^xoxb-/, 'must be a bot token (xoxb-...)'),
  SLACK_SIGNING_SECRET: optionalUrl(/^\S+$/, 'must not contain spaces'),
  SLACK_APP_TOKEN: optionalUrl(/^xapp-/, 'must be an app-level token (xapp-...)'),
  /** Slack's Web API base URL (default https://slack.com/api/), e.g. a proxy or a fake in tests. */
  SLACK_API_URL: optionalUrl(/^https?:\/\//, 'must be an http(s) URL'),
  /** Microsoft Teams (Bot Framework): on when the app id is set. */
  MICROSOFT_APP_ID: optionalUrl(/^\S+$/, 'must not contain spaces'),
  MICROSOFT_APP_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MICROSOFT_APP_TENANT_ID: optionalUrl(/^[\w.-]+$/, 'must be a tenant id or domain'),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant']).default('MultiTenant'),
  /** Where inbound keys and issuers come from, and outbound tokens: Microsoft's, or a proxy or a fake. */
  TEAMS_OPENID_METADATA_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  TEAMS_TOKEN_ISSUER: z.string().min(1).default('https://api.botframework.com'),
  TEAMS_LOGIN_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .default('https://login.microsoftonline.com'),
  /** `off` accepts unsigned activities: local development only, refused when NODE_ENV=production. */
  TEAMS_AUTH: z.enum(['on', 'off']).default('on'),
  NODE_ENV: z.string().optional(),
  /** Discord: the bot token (on when set), the application id, and the REST base (a proxy or a fake). */
  DISCORD_TOKEN: optionalUrl(/^\S+$/, 'must not contain spaces'),
  DISCORD_APPLICATION_ID: optionalUrl(/^\d+$/, 'must be a numeric id'),
  DISCORD_API_URL: optionalUrl(/^https?:\/\//, 'must be an http(s) URL'),
  /** SLA pings by email: smtp://user:pass@host:587 or smtps://...; SMTP_FROM is the sender. */
  SMTP_URL: optionalUrl(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'),
  SMTP_FROM: z
    .string()
    .regex(/^[^\r\n]+$/, 'must be one line')
    .optional(),
  /**
   * Replies by email: the signing key of POST /email/inbound (and of the reply addresses' tokens), and
   * the address replies go to, plus-addressed per request (help@acme.example -> help+IT-42.<token>@...).
   */
  EMAIL_INBOUND_SECRET: optionalUrl(/^\S{16,}$/, 'must be at least 16 characters, no spaces'),
  EMAIL_REPLY_ADDRESS: optionalUrl(/^[^\s@+]+@[^\s@]+$/, 'must be an email address without a +tag'),
  /** Signs outbound webhooks (rules' webhook actions); needed when the desk config lists webhooks. */
  WEBHOOK_SECRET: optionalUrl(/^\S{16,}$/, 'must be at least 16 characters, no spaces'),
  /** Pages on SLA breaches: PagerDuty Events API v2 (routing key) and Opsgenie (API key). */
  PAGERDUTY_ROUTING_KEY: z.string().min(1).optional(),
  PAGERDUTY_EVENTS_URL: optionalUrl(/^https?:\/\//, 'must be an http(s) URL'),
  OPSGENIE_API_KEY: z.string().min(1).optional(),
  OPSGENIE_API_URL: optionalUrl(/^https?:\/\//, 'must be an http(s) URL'),
});

/** An optional URL variable; an empty value counts as absent. */
function optionalUrl(pattern: RegExp, message: string) {
  return z
    .string()
    .regex(pattern, message)
    .optional()
    .or(z.literal('').transform(() => undefined));
}

const SLACK_NEEDS_A_MODE =
  'SLACK_BOT_TOKEN: needs SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)';

/** What Teams needs besides its app id; TEAMS_AUTH=off never in production. */
function teamsProblems(env: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if (env.TEAMS_AUTH === 'off' && env.NODE_ENV === 'production')
    problems.push('TEAMS_AUTH: off accepts unsigned activities and is refused when NODE_ENV=production');
  if (!env.MICROSOFT_APP_ID) return problems;
  if (env.TEAMS_AUTH === 'on' && !env.MICROSOFT_APP_PASSWORD)
    problems.push(
      'MICROSOFT_APP_PASSWORD: needed with MICROSOFT_APP_ID (the bot fetches its tokens with it)',
    );
  if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID)
    problems.push('MICROSOFT_APP_TENANT_ID: needed when MICROSOFT_APP_TYPE=SingleTenant');
  return problems;
}

/** Reply addresses carry tokens signed with the inbound secret: one needs the other. */
function emailProblems(env: z.infer<typeof schema>): string[] {
  if (env.EMAIL_REPLY_ADDRESS && !env.EMAIL_INBOUND_SECRET)
    return ['EMAIL_REPLY_ADDRESS: needs EMAIL_INBOUND_SECRET (replies are verified with it)'];
  return [];
}

/** The operating contract's variables (DESIGN.md), parsed once at start. */
export type Env = z.infer<typeof schema>;

/** TRUST_PROXY as fastify's trustProxy takes it (a hop count as proxy-addr's trust function). */
export function trustProxyOf(
  value: string | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((a) => a.trim());
}

export function readEnv(
  source: NodeJS.ProcessEnv = process.env,
): { ok: true; env: Env } | { ok: false; errors: string[] } {
  const parsed = schema.safeParse(source);
  const slack = parsed.success ? parsed.data : undefined;
  if (slack?.SLACK_BOT_TOKEN && !slack.SLACK_SIGNING_SECRET && !slack.SLACK_APP_TOKEN)
    return { ok: false, errors: [SLACK_NEEDS_A_MODE] };
  if (parsed.success) {
    const errors = [...teamsProblems(parsed.data), ...emailProblems(parsed.data)];
    return errors.length > 0 ? { ok: false, errors } : { ok: true, env: parsed.data };
  }
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
