/** Shared by the gateway and limiter unit tests: a fake clock and a gateway wired to it. Not used by production code. */
import { createCrmGateway } from '../../src/hubspot/create-crm-gateway';
import type { CrmGatewayOptions } from '../../src/hubspot/crm-gateway';
import { createRateLimiter } from '../../src/hubspot/rate-limiter';

export const TEST_BASE = 'http://hubspot.test';

export function fakeClock(start = 1_700_000_000_000) {
  const clock = { t: start, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
}

export function testGateway(overrides: Partial<CrmGatewayOptions> = {}) {
  const { clock, now, sleep } = fakeClock();
  const limiter = createRateLimiter({ perTenSeconds: 190, now, sleep });
  const gateway = createCrmGateway({ accessToken: 'test-token', basePath: TEST_BASE, limiter, now, sleep, random: () => 0.5, ...overrides });
  return { gateway, clock, limiter };
}
