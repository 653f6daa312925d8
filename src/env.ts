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
  /** The web chat's demo identity picker (people marked `demo:` in the config); off in production. */
  WEB_DEMO_IDENTITIES: z.enum(['on', 'off']).default('on'),
});

/** The operating contract's variables (DESIGN.md), parsed once at start. */
export type Env = z.infer<typeof schema>;

export function readEnv(
  source: NodeJS.ProcessEnv = process.env,
): { ok: true; env: Env } | { ok: false; errors: string[] } {
  const parsed = schema.safeParse(source);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
