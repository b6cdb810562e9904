import { RuleSetDocument } from '../shared/card-api';
import type { CoSellModel, Role } from '../shared/card-api';
import { CO_SELL_MODELS, ROLES } from '../shared/labels';

/** What the editor holds: every model with every role, so inputs are never undefined. */
export interface RuleSetForm {
  version: string;
  effectiveFrom: string;
  soloRate: number;
  coSellRate: number;
  defaultModel: CoSellModel;
  missingRoles: 'renormalize' | 'retain';
  models: Record<CoSellModel, Record<Role, number>>;
}

const zeroWeights = (): Record<Role, number> => Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;

export function formFromDocument(doc: RuleSetDocument): RuleSetForm {
  const models = Object.fromEntries(
    CO_SELL_MODELS.map((m) => [m, { ...zeroWeights(), ...(doc.models[m] ?? {}) }]),
  ) as Record<CoSellModel, Record<Role, number>>;
  return {
    version: doc.version,
    effectiveFrom: doc.effectiveFrom,
    soloRate: doc.pool.soloRate,
    coSellRate: doc.pool.coSellRate,
    defaultModel: doc.defaultModel,
    missingRoles: doc.missingRoles,
    models,
  };
}

/** Drafts are free-form JSON on the server; one that no longer parses is not offered for editing. */
export function formFromDraft(ruleSet: Record<string, unknown>): RuleSetForm | null {
  const parsed = RuleSetDocument.safeParse(ruleSet);
  return parsed.success ? formFromDocument(parsed.data) : null;
}

/** Roles with weight 0 are left out: a model lists only the roles it pays. */
export function documentFromForm(form: RuleSetForm): RuleSetDocument {
  const models: RuleSetDocument['models'] = {};
  for (const m of CO_SELL_MODELS) {
    models[m] = Object.fromEntries(ROLES.filter((r) => form.models[m][r] > 0).map((r) => [r, form.models[m][r]]));
  }
  return {
    version: form.version,
    effectiveFrom: form.effectiveFrom,
    pool: { soloRate: form.soloRate, coSellRate: form.coSellRate },
    defaultModel: form.defaultModel,
    models,
    missingRoles: form.missingRoles,
  };
}

/**
 * Sum of a model's weights in hundredths of a point, so 33.33 + 33.33 + 33.34 is exactly 10000
 * (floats would not add up; weights have at most two decimals).
 *
 * @example weightSumHundredths({ sourcing: 20, selling: 80 }) // 10000
 */
export function weightSumHundredths(weights: Partial<Record<Role, number>>): number {
  return ROLES.reduce((sum, r) => sum + Math.round((weights[r] ?? 0) * 100), 0);
}

export const formatHundredths = (h: number): string => (h % 100 === 0 ? String(h / 100) : (h / 100).toFixed(2));

/** True when two or more roles share the pool in exactly equal parts: the article warns against equal splits by default. */
export function isEqualSplit(weights: Partial<Record<Role, number>>): boolean {
  const nonZero = ROLES.map((r) => Math.round((weights[r] ?? 0) * 100)).filter((h) => h > 0);
  return nonZero.length >= 2 && nonZero.every((h) => h === nonZero[0]);
}

/**
 * Suggests the next version label after the latest published one ("2026.1" → "2026.2").
 *
 * @example nextVersion('2026.1') // '2026.2'
 */
export function nextVersion(version: string): string {
  const match = /^(.*?)(\d+)$/.exec(version);
  return match ? `${match[1]}${Number(match[2]) + 1}` : `${version}-next`;
}
