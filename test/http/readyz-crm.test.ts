import { afterEach, describe, expect, it } from 'vitest';
import type { Stack } from '../e2e/start-stack';
import { startStack, threePartnerSeed } from '../e2e/start-stack';

/** /readyz spends no HubSpot call while the gateway's latest answer is fresh, and pings when it is not. */
describe('/readyz and the HubSpot budget', () => {
  let s: Stack | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  const pings = (stack: Stack) => stack.hs.admin.requestLog().filter((e) => e.method === 'GET' && e.path.startsWith('/crm/v3/objects/deals?')).length;

  it('reports a fresh answer without calling HubSpot', async () => {
    s = await startStack(threePartnerSeed());
    await s.deps.gateway.ping(); // the gateway has just heard from HubSpot
    const before = pings(s);
    for (let i = 0; i < 5; i++) {
      const body = (await (await fetch(`${s.backend.url}/readyz`)).json()) as { crm: { state: string } };
      expect(body.crm.state).toBe('ok');
    }
    expect(pings(s)).toBe(before);
  });

  it('pings HubSpot when its latest answer is older than 30 s', async () => {
    // The backend's clock runs a minute ahead of the gateway's record of its last call.
    s = await startStack(threePartnerSeed(), { backend: { clock: () => new Date(Date.now() + 60_000) } });
    await s.deps.gateway.ping();
    const before = pings(s);
    const body = (await (await fetch(`${s.backend.url}/readyz`)).json()) as { crm: { state: string } };
    expect(body.crm.state).toBe('ok');
    expect(pings(s)).toBe(before + 1);
  });
});
