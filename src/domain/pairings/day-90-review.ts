// The day-90 "scale or end" suggestion.
import type { PairingProgress } from './pairing-progress';
import { PAIRING_REVIEW_DAY } from './pairing';

export interface ReviewSuggestion {
  /** `scale`: pipeline and closed revenue; `end`: nothing at all; `decide`: some of it — partner ops judge. */
  suggestion: 'scale' | 'end' | 'decide';
  reason: string;
}

/**
 * The playbook's day-90 suggestion, or null before day 90: scale a pairing that produced pipeline
 * and closed revenue (widen its account mapping, raise its registration target); end one that
 * produced nothing (no open deal, no won deal, no registration); otherwise partner ops decide.
 *
 * @example reviewSuggestion({ ...progress, day: 95, activeDeals: 0, wonDeals: 0, registrations: 0 })?.suggestion // "end"
 */
export function reviewSuggestion(progress: PairingProgress): ReviewSuggestion | null {
  if (progress.day < PAIRING_REVIEW_DAY) return null;
  const hasPipeline = progress.activeDeals > 0;
  const hasRevenue = progress.wonDeals > 0;
  if (hasPipeline && hasRevenue) {
    return {
      suggestion: 'scale',
      reason: `${progress.activeDeals} open co-sell deal(s) and ${progress.wonDeals} won since the start: widen the account mapping and raise the registration target.`,
    };
  }
  if (!hasPipeline && !hasRevenue && progress.registrations === 0) {
    return {
      suggestion: 'end',
      reason: `Nothing after ${progress.day} days (no open deal, no won deal, no registration): end the pairing and point these partners to referral or resale.`,
    };
  }
  const present = [hasPipeline ? `${progress.activeDeals} open deal(s)` : null, hasRevenue ? `${progress.wonDeals} won deal(s)` : null, progress.registrations > 0 ? `${progress.registrations} registration(s)` : null].filter(Boolean);
  const missing = hasPipeline ? 'no closed revenue yet' : 'no deal in active pipeline';
  return { suggestion: 'decide', reason: `${present.join(', ')} but ${missing}: judge whether the next quarter will close it.` };
}
