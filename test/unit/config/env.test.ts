import { describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/env.js';

const teams = { MICROSOFT_APP_ID: 'app-1', MICROSOFT_APP_PASSWORD: 'secret' };

describe('the Teams variables', () => {
  it('are off without an app id, and take Microsoft’s endpoints by default', () => {
    const off = readEnv({});
    expect(off.ok && off.env.MICROSOFT_APP_ID).toBeUndefined();
    const on = readEnv(teams);
    expect(on.ok).toBe(true);
    if (!on.ok) return;
    expect(on.env).toMatchObject({
      MICROSOFT_APP_TYPE: 'MultiTenant',
      TEAMS_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      TEAMS_TOKEN_ISSUER: 'https://api.botframework.com',
      TEAMS_LOGIN_URL: 'https://login.microsoftonline.com',
      TEAMS_AUTH: 'on',
    });
  });

  it('refuse TEAMS_AUTH=off when NODE_ENV=production, naming the variable', () => {
    const r = readEnv({ ...teams, TEAMS_AUTH: 'off', NODE_ENV: 'production' });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^TEAMS_AUTH: .*NODE_ENV=production/)] });
    expect(readEnv({ ...teams, TEAMS_AUTH: 'off' }).ok).toBe(true);
  });

  it('need a password with authentication on, and a tenant for a SingleTenant app', () => {
    expect(readEnv({ MICROSOFT_APP_ID: 'app-1' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^MICROSOFT_APP_PASSWORD: /)],
    });
    expect(readEnv({ ...teams, MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: /)],
    });
    expect(readEnv({ ...teams, MICROSOFT_APP_TYPE: 'Neither' }).ok).toBe(false);
  });
});
