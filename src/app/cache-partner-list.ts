import type { CrmCompany, CrmGateway } from '../hubspot/crm-gateway';

/**
 * Wraps a gateway so `listPartnerCompanies` (a paged CRM search; search allows ~5 requests/s per
 * account) is answered from memory for `ttlMs`. Every card load shows the partner picker, so
 * without this a busy sales floor would spend its search budget on the same list. Everything else
 * passes through untouched. Instance-scoped: one cache per backend, no module state.
 *
 * @example const gateway = cachePartnerList(createCrmGateway(...), 30_000, Date.now)
 */
export function cachePartnerList(gateway: CrmGateway, ttlMs: number, now: () => number = Date.now): CrmGateway {
  let cached: { at: number; value: Promise<CrmCompany[]> } | null = null;
  const list = (): Promise<CrmCompany[]> => {
    const t = now();
    if (cached && t - cached.at < ttlMs) return cached.value;
    const value = gateway.listPartnerCompanies();
    cached = { at: t, value };
    // A failed read must not be served from the cache.
    value.catch(() => {
      if (cached?.value === value) cached = null;
    });
    return value;
  };
  return new Proxy(gateway, {
    get(target, prop, receiver) {
      if (prop === 'listPartnerCompanies') return list;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
