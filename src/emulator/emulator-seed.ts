import { z } from 'zod';
import { stage } from './default-schema';
import type { ChangeOrigin, EmulatorState } from './emulator-state';
import { HubSpotApiError } from './hubspot-error';

/**
 * The seed file format: a portal described by human keys. Custom properties and association
 * labels it uses must already exist (run `cosell setup --apply` first); a seed never creates schema.
 */
const propertyBag = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const emulatorSeedSchema = z.object({
  owners: z.array(z.object({
    key: z.string().min(1),
    email: z.email(),
    firstName: z.string().min(1),
    lastName: z.string().min(1),
    userId: z.number().int().positive().optional(),
  })).default([]),
  pipelines: z.array(z.object({
    id: z.string().min(1),
    label: z.string().min(1),
    stages: z.array(z.object({
      id: z.string().min(1),
      label: z.string().min(1),
      probability: z.number().min(0).max(1),
      isClosed: z.boolean(),
    })).min(1),
  })).default([]),
  companies: z.array(z.object({
    key: z.string().min(1),
    name: z.string().min(1),
    domain: z.string().min(1).optional(),
    parentKey: z.string().min(1).optional(),
    ownerKey: z.string().min(1).optional(),
    properties: propertyBag.default({}),
  })).default([]),
  contacts: z.array(z.object({
    key: z.string().min(1),
    email: z.email(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    companyKey: z.string().min(1).optional(),
    properties: propertyBag.default({}),
  })).default([]),
  /**
   * The portal's company currency and current exchange rates into it (units of the company currency
   * per unit of `fromCurrencyCode`, above 0, at most 6 decimals: HubSpot's rule).
   */
  currencies: z.object({
    companyCurrency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code' }),
    exchangeRates: z.array(z.object({
      fromCurrencyCode: z.string().regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code' }),
      conversionRate: z.number().positive().refine((n) => /^\d+(\.\d{1,6})?$/.test(String(n)), { error: 'must have at most 6 decimals' }),
    })).default([]),
  }).optional(),
  deals: z.array(z.object({
    key: z.string().min(1),
    ownerKey: z.string().min(1).optional(),
    properties: propertyBag,
    companies: z.array(z.object({
      companyKey: z.string().min(1),
      labels: z.array(z.string().min(1)).default([]),
      primary: z.boolean().optional(),
    })).default([]),
    contactKeys: z.array(z.string().min(1)).default([]),
  })).default([]),
});

export type EmulatorSeed = z.input<typeof emulatorSeedSchema>;
type ParsedSeed = z.output<typeof emulatorSeedSchema>;

/** Seed keys mapped to the ids the portal gave them. */
export interface SeedReport {
  owners: Record<string, string>;
  pipelines: Record<string, { id: string; stages: Record<string, string> }>;
  labels: Record<string, number>;
  companies: Record<string, string>;
  contacts: Record<string, string>;
  deals: Record<string, string>;
}

export type ParseSeedResult = { ok: true; seed: ParsedSeed } | { ok: false; error: string; field: string };

export function parseEmulatorSeed(input: unknown): ParseSeedResult {
  const parsed = emulatorSeedSchema.safeParse(input);
  if (parsed.success) return { ok: true, seed: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)';
  return { ok: false, error: `seed ${field}: ${issue.message}`, field };
}

export class SeedError extends Error {
  constructor(readonly field: string, message: string) {
    super(`seed ${field}: ${message}`);
    this.name = 'SeedError';
  }
}

/**
 * Loads a parsed seed into the portal. Cross-references (keys, labels, properties) are checked
 * before anything is written, so a bad seed leaves the portal untouched.
 */
export function applySeed(state: EmulatorState, seed: ParsedSeed, origin: ChangeOrigin): SeedReport {
  const report: SeedReport = { owners: {}, pipelines: {}, labels: {}, companies: {}, contacts: {}, deals: {} };
  const labelIds = new Map<string, number>();
  for (const d of state.definitionsBetween('deals', 'companies')) {
    if (d.category === 'USER_DEFINED' && d.label) {
      labelIds.set(d.label, d.typeId);
      labelIds.set(d.name, d.typeId);
      report.labels[d.label] = d.typeId;
    }
  }

  // --- check cross-references first
  const companyKeys = new Set(seed.companies.map((c) => c.key));
  const ownerKeys = new Set(seed.owners.map((o) => o.key));
  const contactKeys = new Set(seed.contacts.map((c) => c.key));
  const stageIds = new Set([...state.pipelines.values(), ...seed.pipelines].flatMap((p) => p.stages.map((s) => s.id)));
  seed.companies.forEach((c, i) => {
    if (c.parentKey && !companyKeys.has(c.parentKey)) throw new SeedError(`companies[${i}].parentKey`, `no company with key "${c.parentKey}"`);
    if (c.ownerKey && !ownerKeys.has(c.ownerKey)) throw new SeedError(`companies[${i}].ownerKey`, `no owner with key "${c.ownerKey}"`);
    checkProperties(state, 'companies', c.properties, `companies[${i}].properties`);
  });
  seed.contacts.forEach((c, i) => {
    if (c.companyKey && !companyKeys.has(c.companyKey)) throw new SeedError(`contacts[${i}].companyKey`, `no company with key "${c.companyKey}"`);
    checkProperties(state, 'contacts', c.properties, `contacts[${i}].properties`);
  });
  seed.deals.forEach((d, i) => {
    if (d.ownerKey && !ownerKeys.has(d.ownerKey)) throw new SeedError(`deals[${i}].ownerKey`, `no owner with key "${d.ownerKey}"`);
    const stageId = d.properties.dealstage;
    if (typeof stageId === 'string' && !stageIds.has(stageId)) throw new SeedError(`deals[${i}].properties.dealstage`, `no pipeline stage "${stageId}"`);
    checkProperties(state, 'deals', Object.fromEntries(Object.entries(d.properties).filter(([k]) => k !== 'dealstage' && k !== 'pipeline')), `deals[${i}].properties`);
    d.companies.forEach((c, j) => {
      if (!companyKeys.has(c.companyKey)) throw new SeedError(`deals[${i}].companies[${j}].companyKey`, `no company with key "${c.companyKey}"`);
      c.labels.forEach((l, k) => {
        if (!labelIds.has(l)) {
          throw new SeedError(`deals[${i}].companies[${j}].labels[${k}]`, `association label "${l}" does not exist in the portal (run \`cosell setup --apply\` first)`);
        }
      });
    });
    d.contactKeys.forEach((k, j) => {
      if (!contactKeys.has(k)) throw new SeedError(`deals[${i}].contactKeys[${j}]`, `no contact with key "${k}"`);
    });
  });

  seed.currencies?.exchangeRates.forEach((r, i) => {
    if (r.fromCurrencyCode === seed.currencies!.companyCurrency) throw new SeedError(`currencies.exchangeRates[${i}].fromCurrencyCode`, 'is the company currency itself');
  });

  // --- write
  if (seed.currencies) {
    state.setCompanyCurrency(seed.currencies.companyCurrency);
    for (const r of seed.currencies.exchangeRates) state.setExchangeRate(r.fromCurrencyCode, r.conversionRate);
  }
  for (const o of seed.owners) {
    const existing = state.owners.find((x) => x.email === o.email);
    report.owners[o.key] = (existing ?? state.addOwner({ email: o.email, firstName: o.firstName, lastName: o.lastName, ...(o.userId ? { userId: o.userId } : {}) })).id;
  }
  for (const p of seed.pipelines) {
    const now = state.isoNow();
    state.pipelines.set(p.id, {
      id: p.id, label: p.label, displayOrder: state.pipelines.size, archived: false, createdAt: now, updatedAt: now,
      stages: p.stages.map((s, i) => stage(s.id, s.label, i, s.probability, s.isClosed)),
    });
    report.pipelines[p.id] = { id: p.id, stages: Object.fromEntries(p.stages.map((s) => [s.id, s.id])) };
  }
  const write = <T>(field: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof HubSpotApiError) throw new SeedError(field, e.errors.map((x) => x.message).join('; ') || e.message);
      throw e;
    }
  };
  seed.companies.forEach((c, i) => {
    const props = { name: c.name, ...(c.domain ? { domain: c.domain } : {}), ...(c.ownerKey ? { hubspot_owner_id: report.owners[c.ownerKey] } : {}), ...c.properties };
    report.companies[c.key] = write(`companies[${i}]`, () => state.createRecord('companies', props, origin)).id;
  });
  seed.companies.forEach((c) => {
    // 13 = parent → child (AssociationTypes.parentToChildCompany).
    if (c.parentKey) state.associate('companies', report.companies[c.parentKey]!, 'companies', report.companies[c.key]!, [13], origin);
  });
  seed.contacts.forEach((c, i) => {
    const props = { email: c.email, ...(c.firstName ? { firstname: c.firstName } : {}), ...(c.lastName ? { lastname: c.lastName } : {}), ...c.properties };
    const id = write(`contacts[${i}]`, () => state.createRecord('contacts', props, origin)).id;
    report.contacts[c.key] = id;
    if (c.companyKey) state.associate('contacts', id, 'companies', report.companies[c.companyKey]!, [1], origin);
  });
  seed.deals.forEach((d, i) => {
    const props = { ...(d.ownerKey ? { hubspot_owner_id: report.owners[d.ownerKey] } : {}), ...d.properties };
    const id = write(`deals[${i}]`, () => state.createRecord('deals', props, origin)).id;
    report.deals[d.key] = id;
    for (const c of d.companies) {
      const typeIds = [...c.labels.map((l) => labelIds.get(l)!), ...(c.primary ? [5] : [])];
      state.associate('deals', id, 'companies', report.companies[c.companyKey]!, typeIds, origin);
    }
    for (const k of d.contactKeys) state.associate('deals', id, 'contacts', report.contacts[k]!, [3], origin);
  });
  return report;
}

function checkProperties(state: EmulatorState, type: 'deals' | 'companies' | 'contacts', props: Record<string, unknown>, where: string) {
  try {
    state.normalizeWrite(type, props);
  } catch (e) {
    if (e instanceof HubSpotApiError) {
      const first = e.errors[0];
      const name = first?.context?.propertyName?.[0];
      throw new SeedError(name ? `${where}.${name}` : where, first?.message ?? e.message);
    }
    throw e;
  }
}
