import { MATCH_CATEGORIES, type MatchCategory } from './account-map';

/*
 * What each of our companies shows in HubSpot about the partners it overlaps with: the values of
 * the company properties the account-mapping write-back keeps (docs/decisions/0019-account-mapping-saved-maps.md).
 * Computed from the match entries of every partner's latest saved map; pure.
 */

/** A match of one partner's latest saved map. */
export interface PartnerMatch {
  partnerId: string;
  /** The partner company's HubSpot name (what people read). */
  partnerName: string;
  category: MatchCategory;
  /** Our company ids on the account. */
  ours: readonly string[];
  /** When that map was saved (ISO instant). */
  mappedAt: string;
}

/** Values of the four company properties; "" clears a property. */
export interface CompanyOverlapValues {
  cosell_overlap_partners: string;
  cosell_overlap_category: MatchCategory | '';
  cosell_warm_intro_partners: string;
  /** YYYY-MM-DD of the most recent saved map listing the company. */
  cosell_map_date: string;
}

export const NO_OVERLAP: CompanyOverlapValues = { cosell_overlap_partners: '', cosell_overlap_category: '', cosell_warm_intro_partners: '', cosell_map_date: '' };

/** How partner names are joined in one text property. */
export const PARTNER_NAME_SEPARATOR = '; ';

const rank = (c: MatchCategory) => MATCH_CATEGORIES.indexOf(c);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The property values of each company in `companyIds`: partners it overlaps with (names, sorted),
 * its best category over all partners (customer overlap, then prospect overlap, then our customer
 * their prospect, then both prospects: the order of MATCH_CATEGORIES), the partners that can give a
 * warm intro (prospect overlap: our prospect, their customer) and the date of the latest map that
 * lists it. A company in no match gets {@link NO_OVERLAP}, which clears the properties.
 */
export function companyOverlapValues(matches: readonly PartnerMatch[], companyIds: Iterable<string>): Map<string, CompanyOverlapValues> {
  const wanted = new Set(companyIds);
  const acc = new Map<string, { partners: Set<string>; warm: Set<string>; best: MatchCategory; mappedAt: string }>();
  for (const m of matches) {
    for (const id of m.ours) {
      if (!wanted.has(id)) continue;
      let a = acc.get(id);
      if (!a) {
        a = { partners: new Set(), warm: new Set(), best: m.category, mappedAt: m.mappedAt };
        acc.set(id, a);
      }
      a.partners.add(m.partnerName);
      if (m.category === 'prospect_overlap') a.warm.add(m.partnerName);
      if (rank(m.category) < rank(a.best)) a.best = m.category;
      if (m.mappedAt > a.mappedAt) a.mappedAt = m.mappedAt;
    }
  }
  const out = new Map<string, CompanyOverlapValues>();
  for (const id of wanted) {
    const a = acc.get(id);
    out.set(
      id,
      a
        ? {
            cosell_overlap_partners: [...a.partners].sort(byText).join(PARTNER_NAME_SEPARATOR),
            cosell_overlap_category: a.best,
            cosell_warm_intro_partners: [...a.warm].sort(byText).join(PARTNER_NAME_SEPARATOR),
            cosell_map_date: a.mappedAt.slice(0, 10),
          }
        : { ...NO_OVERLAP },
    );
  }
  return out;
}

/** Days after which a partner's latest saved map is due for a refresh (a quarter). */
export const MAP_REFRESH_DAYS = 90;

/** Is a map saved at `savedAt` older than {@link MAP_REFRESH_DAYS} at `now`? */
export function isMapStale(savedAt: string, now: Date, days = MAP_REFRESH_DAYS): boolean {
  return now.getTime() - new Date(savedAt).getTime() > days * 86_400_000;
}
