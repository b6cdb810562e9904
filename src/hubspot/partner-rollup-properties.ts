import type { PartnerRollup } from '../domain/reporting/partner-rollups';
import { PARTNER_ROLLUP_PROPERTY as P } from './app-schema';

/**
 * A partner's rollup → its company properties, as the string bag HubSpot stores. Every rollup
 * property is present (an empty string clears it), so a figure that no longer applies (no co-sell
 * deal closed this quarter: no win rate) never survives from an earlier refresh.
 *
 * @example partnerRollupProperties(rollup).cosell_tier // "Co-sell Gold" or ""
 */
export function partnerRollupProperties(r: PartnerRollup): Record<string, string> {
  const tierQuarter = `${r.tier.inForceFor} (earned in ${r.tier.earnedIn} with ${r.tier.earnedWith} co-sell win${r.tier.earnedWith === 1 ? '' : 's'})`;
  return {
    [P.quarter]: r.thisQuarter.quarter,
    [P.pipelineQtd]: r.thisQuarter.coSellPipeline,
    [P.pipelineLastQuarter]: r.lastQuarter.coSellPipeline,
    [P.winsThisQuarter]: String(r.thisQuarter.coSellWins),
    [P.winsLastQuarter]: String(r.lastQuarter.coSellWins),
    [P.winRateQtd]: r.thisQuarter.coSellWinRate ?? '',
    [P.winRateLastQuarter]: r.lastQuarter.coSellWinRate ?? '',
    [P.avgWonQtd]: r.thisQuarter.avgWonDealSize ?? '',
    [P.avgWonLastQuarter]: r.lastQuarter.avgWonDealSize ?? '',
    [P.winsQtd]: String(r.coSellWinsQtd),
    [P.tier]: r.tier.name ?? '',
    [P.tierBenefits]: r.tier.benefits.join('\n'),
    [P.tierQuarter]: tierQuarter,
  };
}
