// Complementarity warnings shown before a pairing is started.
import { pairingKey } from '../account-conflicts';
import type { Pairing, PairingPartner } from './pairing';
import { calendarQuarterOf } from './pairing-dates';

export interface PairingWarning {
  code: 'same_partner_type' | 'too_many_pairings_in_quarter' | 'partner_type_unknown';
  message: string;
}

/** The playbook starts with 2–3 pairings; a fourth in one quarter is warned. */
export const MAX_PAIRINGS_PER_QUARTER = 3;

const TYPE_PLURALS: Record<string, string> = {
  reseller: 'resellers',
  technology: 'technology partners',
  services: 'services partners',
  referral: 'referral partners',
};

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Why a new pairing may not co-sell well, naming partners by name:
 * - `same_partner_type`: two or more partners of one type (two resellers chase the same buyer:
 *   they compete rather than co-sell);
 * - `partner_type_unknown`: a partner without a type, so complementarity cannot be checked;
 * - `too_many_pairings_in_quarter`: more than three pairings started in the new one's quarter
 *   (the playbook starts with two or three and adds one per quarter).
 * `others` are the pairings already recorded (ended ones count: they were started that quarter);
 * `names` names their partners.
 *
 * @example pairingWarnings([{ id: '1', name: 'A', partnerType: 'reseller' }, { id: '2', name: 'B', partnerType: 'reseller' }], '2026-01-05', [], new Map())[0].code // "same_partner_type"
 */
export function pairingWarnings(partners: PairingPartner[], startDate: string, others: Array<Pick<Pairing, 'partnerIds' | 'startDate'>>, names: ReadonlyMap<string, string>): PairingWarning[] {
  const warnings: PairingWarning[] = [];
  const byType = new Map<string, PairingPartner[]>();
  for (const p of partners) {
    if (p.partnerType === null) continue;
    byType.set(p.partnerType, [...(byType.get(p.partnerType) ?? []), p]);
  }
  for (const [type, same] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (same.length < 2) continue;
    const plural = TYPE_PLURALS[type] ?? `${type} partners`;
    warnings.push({
      code: 'same_partner_type',
      message: `${listNames(same.map((p) => p.name))} are ${same.length === 2 ? 'both' : 'all'} ${plural}: partners of the same type chase the same buyer and compete rather than co-sell. Pair partners whose offers complement each other (for example a technology partner with a services partner).`,
    });
  }
  for (const p of partners.filter((x) => x.partnerType === null)) {
    warnings.push({ code: 'partner_type_unknown', message: `${p.name} has no partner type, so whether this pairing is complementary cannot be checked: set its Co-sell partner type.` });
  }
  const quarter = calendarQuarterOf(startDate);
  const sameQuarter = others.filter((o) => calendarQuarterOf(o.startDate) === quarter);
  if (sameQuarter.length + 1 > MAX_PAIRINGS_PER_QUARTER) {
    const described = sameQuarter.map((o) => o.partnerIds.map((id) => names.get(id) ?? `company ${id}`).join(' + '));
    warnings.push({
      code: 'too_many_pairings_in_quarter',
      message: `This would be pairing ${sameQuarter.length + 1} started in ${quarter} (already: ${described.join('; ')}): start with 2–3 pairings and add one per quarter once they produce pipeline.`,
    });
  }
  return warnings;
}

/** True when two partner lists make the same pairing (order and repeats do not matter). */
export function isSamePairing(a: string[], b: string[]): boolean {
  return pairingKey(a) === pairingKey(b);
}
