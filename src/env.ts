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
  /** The web chat's demo identity picker (people marked `demo:` in the config); off in production. */
  WEB_DEMO_IDENTITIES: z.enum(['on', 'off']).default('on'),
  /** Slack: the bot token, and the signing secret (HTTP events) or the app token (Socket Mode). */
  SLACK_BOT_TOKEN: optionalUrl(/^xoxb-/, 'must be a bot token (xoxb-...)'),
  SLACK_SIGNING_SECRET: optionalUrl(/^\S+$/, 'must not contain spaces'),
  SLACK_APP_TOKEN: optionalUrl(/^xapp-/, 'must be an app-level token (xapp-...)'),
  /** Slack's Web API base URL (default https://slack.com/api/), e.g. a proxy or a fake in tests. */
  SLACK_API_URL: optionalUrl(/^https?:\/\//, 'must be an http(s) URL'),
  /** SLA pings by email: smtp://user:pass@host:587 or smtps://...; SMTP_FROM is the sender. */
  SMTP_URL: optionalUrl(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'),
  SMTP_FROM: z
    .string()
    .regex(/^[^\r\n]+$/, 'must be one line')
    .optional(),
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
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
