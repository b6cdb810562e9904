import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planContractCopies } from '../../scripts/sync-contract';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('contract copies under extensions/ (HubSpot uploads only that folder)', () => {
  const plans = planContractCopies(root);

  it('copies the one contract into both extension points', () => {
    const targets = plans.map((p) => path.relative(root, p.target));
    expect(targets).toEqual(expect.arrayContaining(['extensions/app/cards/shared/card-api.ts', 'extensions/app/settings/shared/card-api.ts']));
    for (const plan of plans.filter((p) => p.target.endsWith('card-api.ts'))) {
      expect(plan.content.endsWith(readFileSync(path.join(root, 'src/contract/card-api.ts'), 'utf8'))).toBe(true);
    }
  });

  it.each(plans.map((p) => [path.relative(root, p.target), p] as const))('%s matches its source (run `npx tsx scripts/sync-contract.ts`)', (_name, plan) => {
    let actual = '';
    try {
      actual = readFileSync(plan.target, 'utf8');
    } catch {
      actual = '(missing)';
    }
    expect(actual, `${path.relative(root, plan.target)} is out of date: run npx tsx scripts/sync-contract.ts`).toBe(plan.content);
  });
});
