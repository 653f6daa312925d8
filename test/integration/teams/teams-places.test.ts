import { beforeEach, describe, expect, it } from 'vitest';
import { TeamsPlaces } from '../../../adapters/teams/teams.places.js';
import { type SecondInstance, secondInstance } from '../../support/second-instance.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/**
 * Behind a load balancer, one instance hears Teams refresh a tenant's service URL and another sends the
 * next reply: the other reads the stored URL again once its own has been trusted for a minute (a stale
 * URL gets 403, which is final).
 */
let t: TestDesk;
let second: SecondInstance;
let now: number;

describe(`Teams service URLs on two instances (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    second = await secondInstance(t);
    now = Date.now();
    return () => second.close();
  });

  it('an instance picks up the URL another one heard, within a minute', async () => {
    const a = new TeamsPlaces(t.desk, undefined, () => now);
    const b = new TeamsPlaces(second.desk, undefined, () => now);
    await a.seen('tenant-1', 'https://smba.trafficmanager.net/emea/');
    expect(await b.serviceUrl('tenant-1')).toBe('https://smba.trafficmanager.net/emea/');
    await a.seen('tenant-1', 'https://smba.trafficmanager.net/amer/');
    expect(await a.serviceUrl('tenant-1')).toBe('https://smba.trafficmanager.net/amer/');
    now += 61_000;
    expect(await b.serviceUrl('tenant-1')).toBe('https://smba.trafficmanager.net/amer/');
  });
});
