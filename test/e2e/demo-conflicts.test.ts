import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeDeals } from '../../src/features/attribution/recompute-deals';
import { parseEmulatorSeed, readDemoSeed } from '../../src/emulator';
import type { Stack } from './start-stack';
import { startStack } from './start-stack';

/**
 * The demo portal shows a handful of conflicts, not a wall of red: open co-sell deals (2+
 * partners) only, on a few accounts, matched by company, registrable domain and parent company.
 */
describe('demo seed conflicts', () => {
  let s: Stack;
  beforeAll(async () => {
    const parsed = parseEmulatorSeed(readDemoSeed());
    if (!parsed.ok) throw new Error(parsed.error);
    s = await startStack(parsed.seed);
    await recomputeDeals(s.deps, Object.values(s.seed.deals), 'test');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('flags 4–8 open co-sell deals on 2–3 accounts, by domain and by parent company among them', async () => {
    const flagged = Object.entries(s.seed.deals).filter(([, id]) => s.hs.admin.getObject('deals', id)?.cosell_conflict === 'true');
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    expect(flagged.length).toBeLessThanOrEqual(8);

    const matched = new Set<string>();
    const accounts = new Set<string>();
    for (const [, id] of flagged) {
      const entry = await s.store.ledger.latestForDeal(id);
      const inputs = entry?.inputs as { partners: unknown[]; conflicts: Array<{ matchedOn: string }>; account: { companyId: string; parentCompanyId: string | null } };
      expect(inputs.partners.length).toBeGreaterThanOrEqual(2);
      expect(inputs.conflicts.length).toBeGreaterThan(0);
      for (const c of inputs.conflicts) matched.add(c.matchedOn);
      accounts.add(inputs.account.parentCompanyId ?? inputs.account.companyId);
    }
    expect(matched).toContain('domain');
    expect(matched).toContain('parent');
    // Hooli UK and Hooli United Kingdom Ltd are two companies on one registrable domain.
    expect(accounts.size).toBeGreaterThanOrEqual(2);
    expect(accounts.size).toBeLessThanOrEqual(4);
  });

  it('keeps the preview scenario: the two Acme data-platform deals conflict with each other', async () => {
    const [a, b] = [s.seed.deals['d-conflict-1']!, s.seed.deals['d-conflict-2']!];
    const entry = await s.store.ledger.latestForDeal(a);
    const conflicts = (entry?.inputs as { conflicts: Array<{ entryIds: string[] }> }).conflicts;
    expect(conflicts.some((c) => c.entryIds.includes(b))).toBe(true);
  });
});
