import { describe, expect, it } from 'vitest';
import { companyOverlapValues, isMapStale, NO_OVERLAP, type PartnerMatch } from './company-overlaps';

const m = (partnerName: string, category: PartnerMatch['category'], ours: string[], mappedAt = '2026-03-01T10:00:00.000Z'): PartnerMatch => ({ partnerId: partnerName.toLowerCase(), partnerName, category, ours, mappedAt });

describe('companyOverlapValues', () => {
  it('lists partners by name, keeps the best category and the warm-intro partners, and the latest map date', () => {
    const values = companyOverlapValues(
      [
        m('Stackly', 'both_prospects', ['1', '2'], '2026-02-01T00:00:00.000Z'),
        m('Northwind', 'prospect_overlap', ['1'], '2026-03-05T23:00:00.000Z'),
        m('Acme Partners', 'our_customer_their_prospect', ['2']),
        m('Zeta', 'prospect_overlap', ['1']),
      ],
      ['1', '2', '3'],
    );
    expect(values.get('1')).toEqual({
      cosell_overlap_partners: 'Northwind; Stackly; Zeta',
      cosell_overlap_category: 'prospect_overlap',
      cosell_warm_intro_partners: 'Northwind; Zeta',
      cosell_map_date: '2026-03-05',
    });
    expect(values.get('2')).toEqual({ cosell_overlap_partners: 'Acme Partners; Stackly', cosell_overlap_category: 'our_customer_their_prospect', cosell_warm_intro_partners: '', cosell_map_date: '2026-03-01' });
    expect(values.get('3')).toEqual(NO_OVERLAP);
  });

  it('ranks a customer overlap above every other category, whatever the order of the matches', () => {
    const a = companyOverlapValues([m('A', 'prospect_overlap', ['1']), m('B', 'customer_overlap', ['1'])], ['1']);
    const b = companyOverlapValues([m('B', 'customer_overlap', ['1']), m('A', 'prospect_overlap', ['1'])], ['1']);
    expect(a.get('1')?.cosell_overlap_category).toBe('customer_overlap');
    expect(a).toEqual(b);
  });

  it('only answers for the companies asked about', () => {
    expect([...companyOverlapValues([m('A', 'customer_overlap', ['1', '9'])], ['9']).keys()]).toEqual(['9']);
  });
});

describe('isMapStale', () => {
  it('is stale strictly after 90 days', () => {
    const saved = '2026-01-01T00:00:00.000Z';
    expect(isMapStale(saved, new Date('2026-04-01T00:00:00.000Z'))).toBe(false);
    expect(isMapStale(saved, new Date('2026-04-01T00:00:00.001Z'))).toBe(true);
  });
});
