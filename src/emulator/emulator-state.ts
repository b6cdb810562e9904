import {
  OBJECT_TYPES, OBJECT_TYPE_IDS, USER_DEFINED_TYPE_ID_BASE, isCustomType, defaultAssociationDefinitions, defaultDealPipeline, defaultGroups,
  defaultProperties, defaultReadProperties,
} from './default-schema';
import type { AssociationDefinition, CustomObjectType, ObjectType, Pipeline, PropertyDefinition, PropertyGroup } from './default-schema';
import { HubSpotApiError, conflict, notFound, validationError } from './hubspot-error';
import type { HubSpotErrorDetail } from './hubspot-error';
import { normalizePropertyValue } from './property-values';

/** Who made a change: decides the webhook `changeSource`/`sourceId`, and whether events fire at all. */
export interface ChangeOrigin {
  changeSource: 'INTEGRATION' | 'CRM_UI' | 'IMPORT';
  sourceId: string;
  /** Seeding is silent: the backend reconciles seeded data instead of receiving a flood of events. */
  emit: boolean;
}

export type CrmChange =
  | { kind: 'creation' | 'deletion'; objectType: ObjectType; objectId: string; origin: ChangeOrigin; occurredAt: number }
  | { kind: 'propertyChange'; objectType: ObjectType; objectId: string; propertyName: string; propertyValue: string; origin: ChangeOrigin; occurredAt: number }
  | {
      kind: 'merge'; objectType: ObjectType; objectId: string; primaryObjectId: string; mergedObjectIds: string[];
      numberOfPropertiesMoved: number; origin: ChangeOrigin; occurredAt: number;
    }
  | {
      kind: 'associationChange'; fromType: ObjectType; fromId: string; toType: ObjectType; toId: string;
      removed: boolean; primary: boolean; origin: ChangeOrigin; occurredAt: number;
    };

/** A custom object schema as the schemas API reports it (the emulator keeps the fields the app reads). */
export interface CustomObjectSchema {
  id: string;
  objectTypeId: CustomObjectType;
  name: string;
  fullyQualifiedName: string;
  labels: { singular: string; plural: string };
  primaryDisplayProperty: string;
  requiredProperties: string[];
  searchableProperties: string[];
  secondaryDisplayProperties: string[];
  associations: Array<{ id: string; fromObjectTypeId: string; toObjectTypeId: string; name: string }>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  teams: Array<{ id: string; name: string; primary: boolean }>;
}

export interface StoredRecord {
  id: string;
  props: Map<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** HubSpot's SimplePublicObject shape. */
export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  associations?: Record<string, { results: Array<{ id: string; type: string }> }>;
}

/** One exchange rate as HubSpot's settings currencies API returns it (docs/hubspot.md §4.11). */
export interface ExchangeRate {
  id: string;
  fromCurrencyCode: string;
  toCurrencyCode: string;
  /** A JSON number on the wire, as HubSpot's reference types it. */
  conversionRate: number;
  effectiveAt: string;
  visibleInUI: boolean;
  createdAt: string;
  updatedAt: string;
}

const idBase: Record<ObjectType, number> = {
  contacts: 100_001, companies: 200_001, deals: 300_001, notes: 400_001, tasks: 500_001,
};

const key = (type: ObjectType, id: string) => `${type}:${id}`;

/**
 * The in-memory portal: schema, records, associations, pipelines and owners. Every write goes
 * through here so validation, derived properties and change events are in one place. The clock
 * is injected so tests can pin timestamps.
 */
export class EmulatorState {
  readonly properties = new Map<ObjectType, Map<string, PropertyDefinition>>();
  readonly groups = new Map<ObjectType, Map<string, PropertyGroup>>();
  readonly records = new Map<ObjectType, Map<string, StoredRecord>>();
  readonly pipelines = new Map<string, Pipeline>();
  readonly owners: Owner[] = [];
  readonly associationDefinitions = new Map<number, AssociationDefinition>();
  /** The company currency (HubSpot answers its code as `id`) and the current exchange rates into it. */
  companyCurrency: { id: string; createdAt: string };
  readonly exchangeRates: ExchangeRate[] = [];
  private nextRateId = 700_001;
  private readonly links = new Map<string, Map<ObjectType, Map<string, Set<number>>>>();
  private readonly nextIds = { ...idBase };
  private nextTypeId = USER_DEFINED_TYPE_ID_BASE;
  private readonly listeners: Array<(change: CrmChange) => void> = [];
  /** Custom object schemas by objectTypeId, in creation order. */
  readonly customSchemas = new Map<CustomObjectType, CustomObjectSchema>();
  private nextCustomTypeNumber = 100_001;

  constructor(private readonly now: () => number = Date.now) {
    for (const type of OBJECT_TYPES) {
      this.properties.set(type, new Map(defaultProperties(type).map((p) => [p.name, p])));
      this.groups.set(type, new Map(defaultGroups(type).map((g) => [g.name, g])));
      this.records.set(type, new Map());
    }
    const pipeline = defaultDealPipeline();
    this.pipelines.set(pipeline.id, pipeline);
    for (const d of defaultAssociationDefinitions()) this.associationDefinitions.set(d.typeId, d);
    // A new HubSpot account starts in USD with no other currencies.
    this.companyCurrency = { id: 'USD', createdAt: this.isoNow() };
  }

  /** Sets the company currency; rates into the old one stay listed, as HubSpot keeps them. */
  setCompanyCurrency(code: string): void {
    this.companyCurrency = { id: code, createdAt: this.isoNow() };
  }

  /** Adds or replaces the current rate from `from` into the company currency. */
  setExchangeRate(from: string, conversionRate: number): ExchangeRate {
    const now = this.isoNow();
    const to = this.companyCurrency.id;
    const existing = this.exchangeRates.find((r) => r.fromCurrencyCode === from && r.toCurrencyCode === to);
    if (existing) {
      Object.assign(existing, { conversionRate, effectiveAt: now, updatedAt: now });
      return existing;
    }
    const rate: ExchangeRate = { id: String(this.nextRateId++), fromCurrencyCode: from, toCurrencyCode: to, conversionRate, effectiveAt: now, visibleInUI: true, createdAt: now, updatedAt: now };
    this.exchangeRates.push(rate);
    return rate;
  }

  /** Drops the rate from `from` into the company currency (a portal that no longer lists that currency). */
  removeExchangeRate(from: string): void {
    const i = this.exchangeRates.findIndex((r) => r.fromCurrencyCode === from && r.toCurrencyCode === this.companyCurrency.id);
    if (i >= 0) this.exchangeRates.splice(i, 1);
  }

  onChange(listener: (change: CrmChange) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: CrmChange): void {
    if (!change.origin.emit) return;
    // The emulator sends no webhooks for custom objects; the app subscribes to none.
    if ('objectType' in change ? isCustomType(change.objectType) : isCustomType(change.fromType) || isCustomType(change.toType)) return;
    for (const l of this.listeners) l(change);
  }

  // ---------------------------------------------------------------- schema

  propertiesOf(type: ObjectType): Map<string, PropertyDefinition> {
    return this.properties.get(type)!;
  }

  groupsOf(type: ObjectType): Map<string, PropertyGroup> {
    return this.groups.get(type)!;
  }

  private recordsOf(type: ObjectType): Map<string, StoredRecord> {
    return this.records.get(type)!;
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  // ---------------------------------------------------------------- validation

  /** Allowed values for enumerations whose options live elsewhere (stages, pipelines, owners). */
  private dynamicOptions(type: ObjectType, name: string, pipelineId: string | undefined): string[] | undefined {
    if (name === 'hubspot_owner_id') return this.owners.map((o) => o.id);
    if (type !== 'deals') return undefined;
    if (name === 'pipeline') return [...this.pipelines.keys()];
    if (name === 'dealstage') {
      const pipeline = pipelineId ? this.pipelines.get(pipelineId) : undefined;
      const pipelines = pipeline ? [pipeline] : [...this.pipelines.values()];
      return pipelines.flatMap((p) => p.stages.map((s) => s.id));
    }
    return undefined;
  }

  /**
   * Validates a property bag for a write and returns the stored strings. All problems are
   * reported at once, as HubSpot does, in a 400 VALIDATION_ERROR whose `errors[]` name each property.
   */
  normalizeWrite(type: ObjectType, input: Record<string, unknown>, existing?: StoredRecord): Map<string, string> {
    const defs = this.propertiesOf(type);
    const errors: HubSpotErrorDetail[] = [];
    const out = new Map<string, string>();
    const pipelineRaw = input.pipeline ?? existing?.props.get('pipeline');
    const pipelineId = typeof pipelineRaw === 'string' && pipelineRaw !== '' ? pipelineRaw : undefined;
    for (const [name, raw] of Object.entries(input)) {
      const def = defs.get(name);
      if (!def || def.archived) {
        errors.push({ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } });
        continue;
      }
      if (def.readOnlyValue || def.calculated) {
        errors.push({ message: `"${name}" is a read only property; its value cannot be set.`, code: 'READ_ONLY_VALUE', context: { propertyName: [name] } });
        continue;
      }
      const result = normalizePropertyValue(def, raw, this.dynamicOptions(type, name, pipelineId));
      if (result.ok) out.set(name, result.value);
      else errors.push(result.error);
    }
    if (def(defs, 'hasUniqueValue')) this.checkUnique(type, out, existing, errors);
    if (errors.length > 0) {
      const summary = errors.map((e) => ({ isValid: false, message: e.message, error: e.code, name: e.context?.propertyName?.[0] }));
      throw validationError(`Property values were not valid: ${JSON.stringify(summary)}`, errors);
    }
    return out;
  }

  private checkUnique(type: ObjectType, values: Map<string, string>, existing: StoredRecord | undefined, errors: HubSpotErrorDetail[]) {
    const defs = this.propertiesOf(type);
    for (const [name, value] of values) {
      if (!defs.get(name)?.hasUniqueValue || value === '') continue;
      const clash = this.findByProperty(type, name, value);
      if (clash && clash.id !== existing?.id) {
        errors.push({ message: `A record with ${name}=${value} already exists (${clash.id})`, code: 'DUPLICATE_VALUE', context: { propertyName: [name] } });
      }
    }
  }

  /**
   * A property definition as HubSpot reports it: options of `dealstage`, `pipeline` and
   * `hubspot_owner_id` are not stored but listed from the pipelines and owners.
   */
  effectiveDefinition(type: ObjectType, def: PropertyDefinition): PropertyDefinition {
    const option = (value: string, label: string, displayOrder: number) => ({ value, label, displayOrder, hidden: false });
    if (type === 'deals' && def.name === 'dealstage') {
      return { ...def, options: [...this.pipelines.values()].flatMap((p) => p.stages.map((s) => option(s.id, s.label, s.displayOrder))) };
    }
    if (type === 'deals' && def.name === 'pipeline') {
      return { ...def, options: [...this.pipelines.values()].map((p) => option(p.id, p.label, p.displayOrder)) };
    }
    if (def.name === 'hubspot_owner_id') {
      return { ...def, options: this.owners.map((o, i) => option(o.id, `${o.firstName} ${o.lastName}`, i)) };
    }
    return def;
  }

  // ---------------------------------------------------------------- records

  getRecord(type: ObjectType, id: string): StoredRecord | undefined {
    return this.recordsOf(type).get(id);
  }

  requireRecord(type: ObjectType, id: string): StoredRecord {
    const r = this.getRecord(type, id);
    if (!r) throw notFound(`Object not found.  objectId are usually numeric. (${type} ${id})`);
    return r;
  }

  findByProperty(type: ObjectType, name: string, value: string): StoredRecord | undefined {
    if (name === 'hs_object_id') return this.getRecord(type, value);
    for (const r of this.recordsOf(type).values()) if (r.props.get(name) === value) return r;
    return undefined;
  }

  listRecords(type: ObjectType): StoredRecord[] {
    return [...this.recordsOf(type).values()];
  }

  createRecord(type: ObjectType, input: Record<string, unknown>, origin: ChangeOrigin): StoredRecord {
    const values = this.normalizeWrite(type, input);
    const id = String(this.nextIds[type] ?? 600_001);
    this.nextIds[type] = Number(id) + 1;
    const now = this.now();
    const record: StoredRecord = { id, props: new Map(), createdAt: now, updatedAt: now };
    if (type === 'deals' && !values.get('pipeline') && values.get('dealstage')) values.set('pipeline', this.pipelineOfStage(values.get('dealstage')!));
    for (const [k, v] of values) if (v !== '') record.props.set(k, v);
    if (isCustomType(type)) record.props.set('hs_createdate', new Date(now).toISOString());
    else if (!record.props.has('createdate')) record.props.set('createdate', new Date(now).toISOString());
    this.recordsOf(type).set(id, record);
    this.emit({ kind: 'creation', objectType: type, objectId: id, origin, occurredAt: now });
    for (const [k, v] of record.props) {
      this.emit({ kind: 'propertyChange', objectType: type, objectId: id, propertyName: k, propertyValue: v, origin, occurredAt: now });
    }
    return record;
  }

  private pipelineOfStage(stageId: string): string {
    for (const p of this.pipelines.values()) if (p.stages.some((s) => s.id === stageId)) return p.id;
    return 'default';
  }

  /** Applies a partial update; only values that actually change produce events and bump the modified date. */
  updateRecord(type: ObjectType, id: string, input: Record<string, unknown>, origin: ChangeOrigin): StoredRecord {
    const record = this.requireRecord(type, id);
    const values = this.normalizeWrite(type, input, record);
    const now = this.now();
    const changed: Array<[string, string]> = [];
    for (const [k, v] of values) {
      if ((record.props.get(k) ?? '') === v) continue;
      if (v === '') record.props.delete(k);
      else record.props.set(k, v);
      changed.push([k, v]);
    }
    if (changed.length > 0) record.updatedAt = now;
    for (const [k, v] of changed) {
      this.emit({ kind: 'propertyChange', objectType: type, objectId: id, propertyName: k, propertyValue: v, origin, occurredAt: now });
    }
    return record;
  }

  archiveRecord(type: ObjectType, id: string, origin: ChangeOrigin): boolean {
    if (!this.recordsOf(type).delete(id)) return false;
    const mine = this.links.get(key(type, id));
    if (mine) {
      for (const [toType, byId] of mine) {
        for (const toId of byId.keys()) this.links.get(key(toType, toId))?.get(type)?.delete(id);
      }
      this.links.delete(key(type, id));
    }
    this.emit({ kind: 'deletion', objectType: type, objectId: id, origin, occurredAt: this.now() });
    return true;
  }

  /**
   * Merges `mergedId` into `primaryId` (HubSpot's merge endpoint): the primary keeps its values
   * and takes the merged record's values it lacks, associations move over, the merged id is gone.
   */
  mergeRecords(type: ObjectType, primaryId: string, mergedId: string, origin: ChangeOrigin): StoredRecord {
    if (primaryId === mergedId) throw validationError('primaryObjectId and objectIdToMerge must differ');
    const primary = this.requireRecord(type, primaryId);
    const merged = this.requireRecord(type, mergedId);
    let moved = 0;
    for (const [k, v] of merged.props) {
      if (!primary.props.has(k)) {
        primary.props.set(k, v);
        moved++;
      }
    }
    const silent: ChangeOrigin = { ...origin, emit: false };
    const links = this.links.get(key(type, mergedId));
    for (const [toType, byId] of links ?? []) {
      for (const [toId, types] of byId) {
        if (toType === type && toId === primaryId) continue;
        if (this.getRecord(toType, toId)) this.associate(type, primaryId, toType, toId, [...types], silent);
      }
    }
    this.archiveRecord(type, mergedId, silent);
    const now = this.now();
    primary.updatedAt = now;
    this.emit({ kind: 'merge', objectType: type, objectId: primaryId, primaryObjectId: primaryId, mergedObjectIds: [mergedId], numberOfPropertiesMoved: moved, origin, occurredAt: now });
    return primary;
  }

  /** Names of the read-time properties HubSpot computes itself, per object type. */
  private static readonly derived: Record<ObjectType, string[]> = {
    deals: ['hs_object_id', 'hs_lastmodifieddate', 'hs_is_closed', 'hs_is_closed_won', 'amount_in_home_currency'],
    companies: ['hs_object_id', 'hs_lastmodifieddate', 'hs_parent_company_id', 'num_associated_deals'],
    contacts: ['hs_object_id', 'hs_lastmodifieddate', 'lastmodifieddate'],
    notes: ['hs_object_id', 'hs_lastmodifieddate'],
    tasks: ['hs_object_id', 'hs_lastmodifieddate'],
  };

  /**
   * One property's value, stored or derived, computed on demand so search can filter thousands
   * of records without materialising every property bag.
   */
  propertyValue(type: ObjectType, record: StoredRecord, name: string): string | undefined {
    switch (name) {
      case 'hs_object_id':
        return record.id;
      case 'hs_lastmodifieddate':
        return new Date(record.updatedAt).toISOString();
      case 'lastmodifieddate':
        return type === 'contacts' ? new Date(record.updatedAt).toISOString() : record.props.get(name);
      case 'hs_is_closed':
      case 'hs_is_closed_won': {
        if (type !== 'deals') return record.props.get(name);
        const stage = this.findStage(record.props.get('pipeline'), record.props.get('dealstage'));
        if (!stage) return undefined;
        const closed = stage.metadata.isClosed === 'true';
        return String(name === 'hs_is_closed' ? closed : closed && Number(stage.metadata.probability) === 1);
      }
      case 'amount_in_home_currency':
        return type === 'deals' ? this.amountInHomeCurrency(record) : record.props.get(name);
      case 'hs_parent_company_id':
        return type === 'companies' ? this.associatedIds('companies', record.id, 'companies', 14)[0] : record.props.get(name);
      case 'num_associated_deals':
        return type === 'companies' ? String(this.associatedIds('companies', record.id, 'deals').length) : record.props.get(name);
      default:
        return record.props.get(name);
    }
  }

  /**
   * A deal's amount in the company currency, as HubSpot derives it: the amount times the rate from
   * the deal's currency (`deal_currency_code`, the company currency when empty). Exact decimal
   * arithmetic; no value when the amount is empty or there is no rate for the deal's currency.
   */
  private amountInHomeCurrency(record: StoredRecord): string | undefined {
    const amount = record.props.get('amount');
    if (amount === undefined || amount === '') return undefined;
    const currency = (record.props.get('deal_currency_code') || this.companyCurrency.id).toUpperCase();
    if (currency === this.companyCurrency.id) return amount;
    const rate = this.exchangeRates.find((r) => r.fromCurrencyCode === currency && r.toCurrencyCode === this.companyCurrency.id);
    if (!rate) return undefined;
    return multiplyDecimals(amount, String(rate.conversionRate));
  }

  findStage(pipelineId: string | undefined, stageId: string | undefined) {
    if (!stageId) return undefined;
    const pipelines = pipelineId && this.pipelines.has(pipelineId) ? [this.pipelines.get(pipelineId)!] : [...this.pipelines.values()];
    for (const p of pipelines) {
      const s = p.stages.find((x) => x.id === stageId);
      if (s) return s;
    }
    return undefined;
  }

  /** Every stored and derived value, for admin assertions and search. */
  rawProperties(type: ObjectType, record: StoredRecord): Record<string, string> {
    const out = Object.fromEntries(record.props);
    for (const name of EmulatorState.derived[type] ?? ['hs_object_id', 'hs_lastmodifieddate']) {
      const v = this.propertyValue(type, record, name);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  toPublic(type: ObjectType, record: StoredRecord, requested?: string[]): PublicObject {
    const names = requested && requested.length > 0 ? requested : defaultReadProperties(type);
    const defs = this.propertiesOf(type);
    const properties: Record<string, string | null> = {};
    for (const name of names) {
      if (!defs.has(name)) continue; // HubSpot silently skips unknown names on reads.
      properties[name] = this.propertyValue(type, record, name) ?? null;
    }
    return {
      id: record.id,
      properties,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
      archived: false,
    };
  }

  // ---------------------------------------------------------------- associations

  definitionsBetween(fromType: ObjectType, toType: ObjectType): AssociationDefinition[] {
    return [...this.associationDefinitions.values()].filter((d) => d.fromType === fromType && d.toType === toType);
  }

  /** The unlabeled association type of a pair, which HubSpot adds alongside any label. */
  defaultTypeId(fromType: ObjectType, toType: ObjectType): number | undefined {
    return this.definitionsBetween(fromType, toType).find((d) => d.label === null)?.typeId;
  }

  requireDefinition(fromType: ObjectType, toType: ObjectType, typeId: number, category?: string): AssociationDefinition {
    const d = this.associationDefinitions.get(typeId);
    if (!d || d.fromType !== fromType || d.toType !== toType || (category && d.category !== category)) {
      throw validationError(`${category ?? 'association'} ${typeId} is not a valid association type between ${fromType} and ${toType}`, [
        { message: `invalid associationTypeId ${typeId}`, code: 'INVALID_ASSOCIATION_TYPE', context: { associationTypeId: [String(typeId)] } },
      ]);
    }
    return d;
  }

  private linkSet(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, create: boolean): Set<number> | undefined {
    let byType = this.links.get(key(fromType, fromId));
    if (!byType) {
      if (!create) return undefined;
      byType = new Map();
      this.links.set(key(fromType, fromId), byType);
    }
    let byId = byType.get(toType);
    if (!byId) {
      if (!create) return undefined;
      byId = new Map();
      byType.set(toType, byId);
    }
    let set = byId.get(toId);
    if (!set) {
      if (!create) return undefined;
      set = new Set();
      byId.set(toId, set);
    }
    return set;
  }

  associationTypes(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): number[] {
    return [...(this.linkSet(fromType, fromId, toType, toId, false) ?? [])].sort((a, b) => a - b);
  }

  /** Ids associated to a record, optionally only through one type id, in ascending id order. */
  associatedIds(fromType: ObjectType, fromId: string, toType: ObjectType, typeId?: number): string[] {
    const byId = this.links.get(key(fromType, fromId))?.get(toType);
    if (!byId) return [];
    return [...byId.entries()]
      .filter(([, types]) => types.size > 0 && (typeId === undefined || types.has(typeId)))
      .map(([id]) => id)
      .sort((a, b) => Number(a) - Number(b));
  }

  /**
   * Adds association types between two records (both directions). Adding a label also adds the
   * pair's unlabeled type, as HubSpot does; unknown records are a 404-style validation error.
   */
  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeIds: number[], origin: ChangeOrigin): void {
    this.requireRecord(fromType, fromId);
    this.requireRecord(toType, toId);
    const defs = typeIds.map((t) => this.requireDefinition(fromType, toType, t));
    const base = this.defaultTypeId(fromType, toType);
    const wanted = new Set(defs.map((d) => d.typeId));
    if (base !== undefined) wanted.add(base);
    this.applyLinkChange(fromType, fromId, toType, toId, wanted, 'add', origin);
  }

  /** Removes the given types (or all of them) between two records; removing every label keeps the plain association. */
  disassociate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeIds: number[] | 'all', origin: ChangeOrigin): void {
    const current = new Set(this.associationTypes(fromType, fromId, toType, toId));
    const remove = typeIds === 'all' ? current : new Set(typeIds.filter((t) => current.has(t)));
    this.applyLinkChange(fromType, fromId, toType, toId, remove, 'remove', origin);
  }

  private applyLinkChange(
    fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeIds: Set<number>, op: 'add' | 'remove', origin: ChangeOrigin,
  ): void {
    const forward = this.linkSet(fromType, fromId, toType, toId, true)!;
    const backward = this.linkSet(toType, toId, fromType, fromId, true)!;
    let changedPrimary = false;
    let changedOther = false;
    for (const t of typeIds) {
      const d = this.associationDefinitions.get(t);
      if (!d) continue;
      const has = forward.has(t);
      if (op === 'add' ? has : !has) continue;
      if (op === 'add') {
        forward.add(t);
        backward.add(d.inverseTypeId);
      } else {
        forward.delete(t);
        backward.delete(d.inverseTypeId);
      }
      if (d.label === 'Primary') changedPrimary = true;
      else changedOther = true;
    }
    const now = this.now();
    if (op === 'add' || forward.size > 0) this.touchForAssociation(fromType, fromId, toType, toId, now);
    const event = (primary: boolean, removed: boolean) => {
      this.emit({ kind: 'associationChange', fromType, fromId, toType, toId, removed, primary, origin, occurredAt: now });
      this.emit({ kind: 'associationChange', fromType: toType, fromId: toId, toType: fromType, toId: fromId, removed, primary, origin, occurredAt: now });
    };
    if (changedPrimary) event(true, op === 'remove');
    // A label change on a pair that stays associated is reported as a (non-removal) change so
    // subscribers re-read the labels; only losing the last type is `associationRemoved: true`.
    if (changedOther) event(false, forward.size === 0);
  }

  private touchForAssociation(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, now: number) {
    const a = this.getRecord(fromType, fromId);
    const b = this.getRecord(toType, toId);
    if (a) a.updatedAt = now;
    if (b) b.updatedAt = now;
  }

  // ---------------------------------------------------------------- labels

  createLabel(fromType: ObjectType, toType: ObjectType, input: { label: string; name: string; inverseLabel?: string }): AssociationDefinition[] {
    const existing = this.definitionsBetween(fromType, toType).find((d) => d.category === 'USER_DEFINED' && (d.name === input.name || d.label === input.label));
    if (existing) throw conflict(`An association label with name "${input.name}" or label "${input.label}" already exists between ${fromType} and ${toType}`);
    const forwardId = this.nextTypeId++;
    const symmetric = fromType === toType && !input.inverseLabel;
    const inverseId = symmetric ? forwardId : this.nextTypeId++;
    const forward: AssociationDefinition = {
      typeId: forwardId, fromType, toType, category: 'USER_DEFINED', label: input.label, name: input.name, inverseTypeId: inverseId,
    };
    this.associationDefinitions.set(forwardId, forward);
    const created = [forward];
    if (!symmetric) {
      const inverse: AssociationDefinition = {
        typeId: inverseId, fromType: toType, toType: fromType, category: 'USER_DEFINED',
        label: input.inverseLabel ?? input.label, name: `${input.name}_inverse`, inverseTypeId: forwardId,
      };
      this.associationDefinitions.set(inverseId, inverse);
      created.push(inverse);
    }
    return created;
  }

  updateLabel(fromType: ObjectType, toType: ObjectType, typeId: number, label: string, inverseLabel?: string): void {
    const d = this.requireDefinition(fromType, toType, typeId, 'USER_DEFINED');
    d.label = label;
    const inverse = this.associationDefinitions.get(d.inverseTypeId);
    if (inverse && inverse !== d && inverseLabel !== undefined) inverse.label = inverseLabel;
  }

  deleteLabel(fromType: ObjectType, toType: ObjectType, typeId: number): void {
    const d = this.requireDefinition(fromType, toType, typeId, 'USER_DEFINED');
    const inUse = [...this.links.values()].some((byType) => [...byType.values()].some((byId) => [...byId.values()].some((s) => s.has(d.typeId))));
    if (inUse) {
      throw new HubSpotApiError(400, 'VALIDATION_ERROR', `Association label ${typeId} is still used by records; remove those associations first`);
    }
    this.associationDefinitions.delete(d.typeId);
    this.associationDefinitions.delete(d.inverseTypeId);
  }

  // ---------------------------------------------------------------- custom objects

  /** A custom object type named by objectTypeId, `p_<name>`, fully qualified name or plain name. */
  customTypeOf(text: string): CustomObjectType | undefined {
    for (const s of this.customSchemas.values()) {
      if (text === s.objectTypeId || text === `p_${s.name}` || text === s.fullyQualifiedName || text === s.name) return s.objectTypeId;
    }
    return undefined;
  }

  /** Registers a new custom object type with its properties and the unlabeled association types to `associatedObjects`. */
  addCustomType(input: {
    name: string; fullyQualifiedName: (objectTypeId: CustomObjectType) => string; labels: { singular: string; plural: string };
    primaryDisplayProperty: string; requiredProperties: string[]; searchableProperties: string[]; secondaryDisplayProperties: string[];
    properties: PropertyDefinition[]; associatedObjects: ObjectType[];
  }): CustomObjectSchema {
    if (this.customTypeOf(input.name) || [...this.customSchemas.values()].some((s) => s.name === input.name)) {
      throw conflict(`Object type with name ${input.name} already exists`);
    }
    const number = this.nextCustomTypeNumber++;
    const objectTypeId: CustomObjectType = `2-${number}`;
    const now = this.isoNow();
    this.properties.set(objectTypeId, new Map([...defaultProperties(objectTypeId), ...input.properties].map((p) => [p.name, p])));
    this.groups.set(objectTypeId, new Map([['custom_information', { name: 'custom_information', label: `${input.labels.singular} information`, displayOrder: 0, archived: false }]]));
    this.records.set(objectTypeId, new Map());
    const associations: CustomObjectSchema['associations'] = [];
    for (const other of input.associatedObjects) {
      const forwardId = this.nextTypeId++;
      const inverseId = this.nextTypeId++;
      const name = `${input.name}_to_${other}`;
      this.associationDefinitions.set(forwardId, { typeId: forwardId, fromType: objectTypeId, toType: other, category: 'USER_DEFINED', label: null, name, inverseTypeId: inverseId });
      this.associationDefinitions.set(inverseId, { typeId: inverseId, fromType: other, toType: objectTypeId, category: 'USER_DEFINED', label: null, name: `${other}_to_${input.name}`, inverseTypeId: forwardId });
      associations.push({ id: String(forwardId), fromObjectTypeId: objectTypeId, toObjectTypeId: objectTypeIdOf(other), name });
    }
    const schema: CustomObjectSchema = {
      id: String(number), objectTypeId, name: input.name, fullyQualifiedName: input.fullyQualifiedName(objectTypeId), labels: input.labels,
      primaryDisplayProperty: input.primaryDisplayProperty, requiredProperties: input.requiredProperties, searchableProperties: input.searchableProperties,
      secondaryDisplayProperties: input.secondaryDisplayProperties, associations, createdAt: now, updatedAt: now, archived: false,
    };
    this.customSchemas.set(objectTypeId, schema);
    return schema;
  }

  // ---------------------------------------------------------------- owners & pipelines

  addOwner(input: { email: string; firstName: string; lastName: string; userId?: number; id?: string }): Owner {
    const n = this.owners.length + 1;
    const owner: Owner = {
      id: input.id ?? String(70_000_000 + n),
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      userId: input.userId ?? 9_000_000 + n,
      createdAt: this.isoNow(),
      updatedAt: this.isoNow(),
      archived: false,
      teams: [],
    };
    this.owners.push(owner);
    return owner;
  }
}

function objectTypeIdOf(type: ObjectType): string {
  return isCustomType(type) ? type : OBJECT_TYPE_IDS[type];
}

function def(defs: Map<string, PropertyDefinition>, flag: 'hasUniqueValue'): boolean {
  for (const d of defs.values()) if (d[flag]) return true;
  return false;
}

/** `a × b` for plain decimal strings, exactly (no float), trailing zeros trimmed; undefined when either is not a decimal. */
export function multiplyDecimals(a: string, b: string): string | undefined {
  const parse = (text: string) => {
    const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!m) return undefined;
    const digits = m[3] ?? '';
    return { value: BigInt(`${m[1] ?? ''}${m[2]}${digits}`), scale: digits.length };
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  const product = x.value * y.value;
  const scale = x.scale + y.scale;
  const negative = product < 0n;
  const text = (negative ? -product : product).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
