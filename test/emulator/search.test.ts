import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/deals';
import type { EmulatorHandle } from '../../src/emulator';
import { apiError, emulatorWithClient } from './emulator-fixture';

let hs: EmulatorHandle;
let client: Client;
// Search is limited per second; a generous budget keeps this file about semantics, not limits.
beforeAll(async () => {
  ({ hs, client } = await emulatorWithClient({ rateLimit: { searchPerSecond: 1000 } }));
  const stages = ['appointmentscheduled', 'qualifiedtobuy', 'closedwon', 'closedlost', 'closedwon'];
  await client.crm.deals.batchApi.create({
    inputs: stages.map((dealstage, i) => ({
      properties: { dealname: `Search deal ${i} ${i % 2 === 0 ? 'alpha' : 'beta'}`, dealstage, amount: String((i + 1) * 100), closedate: `2026-0${i + 1}-15T00:00:00Z`, ...(i === 4 ? {} : { deal_currency_code: 'EUR' }) },
      associations: [],
    })),
  });
});
afterAll(async () => {
  await hs.close();
});

const search = (req: Partial<PublicObjectSearchRequest>) =>
  client.crm.deals.searchApi.doSearch({ filterGroups: [], properties: ['dealname', 'amount', 'dealstage'], limit: 100, after: '0', sorts: [], ...req } as PublicObjectSearchRequest);
const names = (r: { results: Array<{ properties: Record<string, string | null> }> }) => r.results.map((x) => x.properties.dealname);

describe('search through @hubspot/api-client', () => {
  it.each([
    ['EQ', { operator: 'EQ', value: 'closedwon', propertyName: 'dealstage' }, [2, 4]],
    ['NEQ', { operator: 'NEQ', value: 'closedwon', propertyName: 'dealstage' }, [0, 1, 3]],
    ['LT (numeric, not lexicographic)', { operator: 'LT', value: '300', propertyName: 'amount' }, [0, 1]],
    ['LTE', { operator: 'LTE', value: '300', propertyName: 'amount' }, [0, 1, 2]],
    ['GT', { operator: 'GT', value: '300', propertyName: 'amount' }, [3, 4]],
    ['GTE', { operator: 'GTE', value: '300', propertyName: 'amount' }, [2, 3, 4]],
    ['BETWEEN dates', { operator: 'BETWEEN', value: '2026-02-01T00:00:00Z', highValue: String(Date.UTC(2026, 3, 1)), propertyName: 'closedate' }, [1, 2]],
    ['IN', { operator: 'IN', values: ['closedlost', 'qualifiedtobuy'], propertyName: 'dealstage' }, [1, 3]],
    ['NOT_IN', { operator: 'NOT_IN', values: ['closedlost', 'qualifiedtobuy'], propertyName: 'dealstage' }, [0, 2, 4]],
    ['HAS_PROPERTY', { operator: 'HAS_PROPERTY', propertyName: 'deal_currency_code' }, [0, 1, 2, 3]],
    ['NOT_HAS_PROPERTY', { operator: 'NOT_HAS_PROPERTY', propertyName: 'deal_currency_code' }, [4]],
    ['CONTAINS_TOKEN', { operator: 'CONTAINS_TOKEN', value: 'beta', propertyName: 'dealname' }, [1, 3]],
    ['CONTAINS_TOKEN with wildcard', { operator: 'CONTAINS_TOKEN', value: 'alp*', propertyName: 'dealname' }, [0, 2, 4]],
  ])('%s', async (_name, filter, expected) => {
    const res = await search({ filterGroups: [{ filters: [filter as never] }] });
    expect(names(res).sort()).toEqual(expected.map((i) => expect.stringContaining(`Search deal ${i} `)));
    expect(res.total).toBe(expected.length);
  });

  it('ORs filter groups and ANDs filters inside a group', async () => {
    const res = await search({
      filterGroups: [
        { filters: [{ propertyName: 'dealstage', operator: 'EQ', value: 'closedwon' } as never, { propertyName: 'amount', operator: 'GT', value: '400' } as never] },
        { filters: [{ propertyName: 'dealstage', operator: 'EQ', value: 'appointmentscheduled' } as never] },
      ],
    });
    expect(names(res).sort()).toEqual(['Search deal 0 alpha', 'Search deal 4 alpha']);
  });

  it('sorts and pages with after', async () => {
    const sorts = [{ propertyName: 'amount', direction: 'DESCENDING' }] as unknown as string[];
    const page1 = await search({ sorts, limit: 2 });
    expect(names(page1)).toEqual(['Search deal 4 alpha', 'Search deal 3 beta']);
    expect(page1.paging?.next?.after).toBe('2');
    const page3 = await search({ sorts, limit: 2, after: '4' });
    expect(names(page3)).toEqual(['Search deal 0 alpha']);
    expect(page3.paging).toBeUndefined();
    const q = await search({ query: 'beta' });
    expect(q.total).toBe(2);
  });

  it('rejects limit > 200, paging past 10,000 and too many filters with 400 VALIDATION_ERROR', async () => {
    const f = { propertyName: 'amount', operator: 'GT', value: '0' } as never;
    const cases = [
      search({ limit: 201 }),
      search({ limit: 100, after: '9950' }),
      search({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [f] })) }),
      search({ filterGroups: [{ filters: Array.from({ length: 7 }, () => f) }] }),
      search({ filterGroups: Array.from({ length: 4 }, () => ({ filters: Array.from({ length: 5 }, () => f) })) }),
      search({ filterGroups: [{ filters: [{ propertyName: 'nope', operator: 'EQ', value: '1' } as never] }] }),
    ];
    for (const c of cases) {
      const err = await apiError(c);
      expect(err.code).toBe(400);
      expect(err.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    }
    // The limits themselves are accepted: 5 groups, 18 filters, limit 200, the last page below 10,000.
    const ok = await search({ limit: 200, after: '9800', filterGroups: [...Array.from({ length: 3 }, () => ({ filters: Array.from({ length: 6 }, () => f) })), { filters: [] }, { filters: [] }] });
    expect(ok.results).toEqual([]);
  });
});
