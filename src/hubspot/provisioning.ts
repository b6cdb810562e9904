/**
 * Portal provisioning: read the portal's schema → plan the difference
 * to APP_SCHEMA (pure) → apply it. The plan only ever adds: a group, a property, missing
 * enumeration options, a label. Anything a customer changed (a type, a label text, extra options)
 * is reported as "left as is", never rewritten or deleted. Applying twice is harmless, and a
 * second plan after an apply is empty.
 */
import { APP_SCHEMA, type AppSchema, type LabelSpec, type PropertyOptionSpec, type PropertySpec, type SchemaObjectType } from './app-schema';
import { CrmPermanentError } from './crm-errors';
import type { GatewayLogger } from './crm-gateway';
import { createHubSpotCaller, DEFAULT_RETRY_POLICY } from './create-hubspot-caller';
import { createHubSpotSdk, DEFAULT_HUBSPOT_BASE_URL, sdkOptions as o } from './create-hubspot-sdk';
import { createRateLimiter, type RateLimiter } from './rate-limiter';

// ---------- what the portal has (read) ----------

export interface PortalProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  options: Array<{ value: string; label: string; displayOrder?: number; hidden?: boolean }>;
  hubspotDefined?: boolean;
}

export interface PortalSchema {
  groups: Record<SchemaObjectType, Array<{ name: string; label: string }>>;
  properties: Record<SchemaObjectType, PortalProperty[]>;
  /** deal→company association labels. */
  dealCompanyLabels: Array<{ typeId: number; label: string | null; category: string }>;
}

// ---------- the plan (pure data) ----------

export type SetupAction =
  | { kind: 'create-group'; objectType: SchemaObjectType; name: string; label: string }
  | { kind: 'create-property'; objectType: SchemaObjectType; property: PropertySpec }
  | { kind: 'add-options'; objectType: SchemaObjectType; property: string; add: PropertyOptionSpec[]; keep: PortalProperty['options'] }
  | { kind: 'create-label'; label: LabelSpec };

export interface SetupPlan {
  actions: SetupAction[];
  /** Customer changes the plan leaves alone, each saying what and why it matters. */
  warnings: string[];
}

export interface SetupReport extends SetupPlan {
  applied: boolean;
  /** Actions that were applied: none on a dry run; on apply, all but those HubSpot refused as existing (409, reported as warnings). */
  done: SetupAction[];
  baseUrl: string;
}

const sameText = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

export function describeAction(action: SetupAction): string {
  switch (action.kind) {
    case 'create-group':
      return `create property group ${action.objectType}.${action.name} ("${action.label}")`;
    case 'create-property':
      return `create property ${action.objectType}.${action.property.name} (${action.property.type}/${action.property.fieldType}, "${action.property.label}")`;
    case 'add-options':
      return `add option(s) ${action.add.map((x) => x.value).join(', ')} to ${action.objectType}.${action.property}`;
    case 'create-label':
      return `create deal→company association label "${action.label.label}" (${action.label.name})`;
  }
}

/**
 * The pure diff. Order matters for apply: groups before the properties in them.
 *
 * @example
 *   const plan = planSetup(APP_SCHEMA, await readPortalSchema(...));
 *   plan.actions.map(describeAction) // ["create property group deals.cosell (\"Co-sell\")", …]
 */
export function planSetup(schema: AppSchema, portal: PortalSchema): SetupPlan {
  const actions: SetupAction[] = [];
  const warnings: string[] = [];
  for (const objectType of ['companies', 'deals'] as const) {
    const group = schema.groups[objectType];
    const existingGroup = portal.groups[objectType].find((g) => g.name === group.name);
    if (!existingGroup) actions.push({ kind: 'create-group', objectType, name: group.name, label: group.label });
    else if (existingGroup.label !== group.label) {
      warnings.push(`customer changed ${objectType} group "${group.name}" label to "${existingGroup.label}" (app: "${group.label}"): left as is`);
    }
    const existing = new Map(portal.properties[objectType].map((p) => [p.name, p]));
    for (const spec of schema.properties[objectType]) {
      const have = existing.get(spec.name);
      if (!have) {
        actions.push({ kind: 'create-property', objectType, property: spec });
        continue;
      }
      const where = `${objectType}.${spec.name}`;
      if (have.type !== spec.type) {
        warnings.push(`customer changed ${where} type to ${have.type} (app: ${spec.type}): left as is — the app's writes to it may be rejected; fix it in HubSpot or delete it and re-run setup`);
        continue;
      }
      if (have.fieldType !== spec.fieldType) warnings.push(`customer changed ${where} field type to ${have.fieldType} (app: ${spec.fieldType}): left as is`);
      if (have.label !== spec.label) warnings.push(`customer changed ${where} label to "${have.label}" (app: "${spec.label}"): left as is`);
      if (have.groupName !== spec.groupName) warnings.push(`customer moved ${where} to group "${have.groupName}" (app: "${spec.groupName}"): left as is`);
      if (spec.type === 'enumeration' && spec.options) {
        const haveValues = new Map(have.options.map((x) => [x.value, x]));
        const add = spec.options.filter((x) => !haveValues.has(x.value));
        if (add.length > 0) actions.push({ kind: 'add-options', objectType, property: spec.name, add, keep: have.options });
        for (const x of spec.options) {
          const h = haveValues.get(x.value);
          if (h && h.label !== x.label) warnings.push(`customer changed ${where} option "${x.value}" label to "${h.label}" (app: "${x.label}"): left as is`);
        }
        const known = new Set(spec.options.map((x) => x.value));
        const extra = have.options.filter((x) => !known.has(x.value)).map((x) => x.value);
        if (extra.length > 0) warnings.push(`${where} has option(s) the app does not know: ${extra.join(', ')} — left as is; records using them are reported, not attributed`);
      }
    }
  }
  for (const spec of schema.dealCompanyLabels) {
    const found = portal.dealCompanyLabels.find((l) => sameText(l.label, spec.label));
    if (!found) actions.push({ kind: 'create-label', label: spec });
    else if (found.category !== 'USER_DEFINED') warnings.push(`deal→company label "${spec.label}" exists as ${found.category}, not USER_DEFINED: left as is — role labels may not work`);
  }
  return { actions, warnings };
}

// ---------- I/O: read and apply ----------

export interface SetupOptions {
  /** Default https://api.hubapi.com. */
  baseUrl?: string;
  accessToken: string;
  apply: boolean;
  logger?: GatewayLogger;
  /** Share the app's limiter when running inside the backend. */
  limiter?: RateLimiter;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const silent: GatewayLogger = { debug: () => {}, info: () => {}, warn: () => {} };

function createProvisioner(opts: SetupOptions) {
  const baseUrl = (opts.baseUrl ?? DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
  const sdk = createHubSpotSdk({ accessToken: opts.accessToken, basePath: baseUrl });
  const logger = opts.logger ?? silent;
  const call = createHubSpotCaller({
    limiter: opts.limiter ?? createRateLimiter({ perTenSeconds: 100, ...(opts.now ? { now: opts.now } : {}), ...(opts.sleep ? { sleep: opts.sleep } : {}) }),
    logger,
    now: opts.now ?? Date.now,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: Math.random,
    ...DEFAULT_RETRY_POLICY,
  });

  async function readPortalSchema(): Promise<PortalSchema> {
    const groups = { deals: [], companies: [] } as PortalSchema['groups'];
    const properties = { deals: [], companies: [] } as PortalSchema['properties'];
    for (const objectType of ['companies', 'deals'] as const) {
      const g = await call({ operation: `read ${objectType} property groups`, objectType: 'property groups' }, (x) => sdk.propertyGroups.getAllWithHttpInfo(objectType, o(x)));
      groups[objectType] = g.results.map((r) => ({ name: r.name, label: r.label }));
      const p = await call({ operation: `read ${objectType} properties`, objectType: 'properties' }, (x) => sdk.properties.getAllWithHttpInfo(objectType, false, undefined, o(x)));
      properties[objectType] = p.results.map((r) => ({
        name: r.name,
        label: r.label,
        type: r.type,
        fieldType: r.fieldType,
        groupName: r.groupName,
        options: (r.options ?? []).map((x) => ({ value: x.value, label: x.label, displayOrder: x.displayOrder, hidden: x.hidden })),
        ...(r.hubspotDefined !== undefined ? { hubspotDefined: r.hubspotDefined } : {}),
      }));
    }
    const labels = await call({ operation: 'read deal→company labels', objectType: 'association labels' }, (x) => sdk.labels.getAllWithHttpInfo('deals', 'companies', o(x)));
    return { groups, properties, dealCompanyLabels: labels.results.map((l) => ({ typeId: l.typeId, label: l.label ?? null, category: String(l.category) })) };
  }

  /** Applies one action; returns a warning instead when HubSpot says it already exists differently. */
  async function applyAction(action: SetupAction): Promise<string | undefined> {
    const option = (x: { value: string; label: string; displayOrder?: number | undefined; hidden?: boolean | undefined }) => ({
      value: x.value,
      label: x.label,
      hidden: x.hidden ?? false,
      ...(x.displayOrder !== undefined ? { displayOrder: x.displayOrder } : {}),
    });
    try {
      switch (action.kind) {
        case 'create-group':
          await call({ operation: 'create property group', objectType: action.objectType, objectIds: [action.name] }, (x) =>
            sdk.propertyGroups.createWithHttpInfo(action.objectType, { name: action.name, label: action.label, displayOrder: -1 }, o(x)),
          );
          return undefined;
        case 'create-property': {
          const p = action.property;
          await call({ operation: 'create property', objectType: action.objectType, objectIds: [p.name] }, (x) =>
            sdk.properties.createWithHttpInfo(
              action.objectType,
              {
                name: p.name,
                label: p.label,
                description: p.description,
                groupName: p.groupName,
                type: p.type as never,
                fieldType: p.fieldType as never,
                formField: false,
                ...(p.options ? { options: p.options.map(option) } : {}),
              },
              o(x),
            ),
          );
          return undefined;
        }
        case 'add-options':
          // PATCH replaces the option list: send the customer's options unchanged plus ours.
          await call({ operation: 'add enumeration options', objectType: action.objectType, objectIds: [action.property] }, (x) =>
            sdk.properties.updateWithHttpInfo(action.objectType, action.property, { options: [...action.keep.map(option), ...action.add.map(option)] }, o(x)),
          );
          return undefined;
        case 'create-label':
          await call({ operation: 'create association label', objectType: 'association labels', objectIds: [action.label.name] }, (x) =>
            sdk.labels.createWithHttpInfo('deals', 'companies', { name: action.label.name, label: action.label.label }, o(x)),
          );
          return undefined;
      }
    } catch (error) {
      // 409: the name is taken by something we could not see by label (a renamed label, an archived property).
      if (error instanceof CrmPermanentError && error.status === 409) {
        return `${describeAction(action)}: HubSpot says it already exists (${error.message}) — left as is`;
      }
      throw error;
    }
  }

  return { baseUrl, readPortalSchema, applyAction, logger };
}

/**
 * Dry run (apply: false) or apply. The emulator's CLI and the backend's start call this.
 *
 * @example
 *   const report = await runSetup({ baseUrl: emulator.baseUrl, accessToken: emulator.accessToken, apply: true });
 *   console.log(formatSetupReport(report));
 */
export async function runSetup(opts: SetupOptions): Promise<SetupReport> {
  const p = createProvisioner(opts);
  const plan = planSetup(APP_SCHEMA, await p.readPortalSchema());
  const report: SetupReport = { ...plan, warnings: [...plan.warnings], applied: false, done: [], baseUrl: p.baseUrl };
  if (!opts.apply) return report;
  for (const action of plan.actions) {
    const warning = await p.applyAction(action);
    if (warning) report.warnings.push(warning);
    else report.done.push(action);
    p.logger.info({ action: describeAction(action) }, warning ? 'setup: left as is' : 'setup: applied');
  }
  report.applied = true;
  return report;
}

export function formatSetupReport(report: SetupReport): string {
  const lines: string[] = [];
  const verb = report.applied ? 'Applied' : 'Would apply (dry run; use --apply)';
  if (report.actions.length === 0) lines.push(`Portal at ${report.baseUrl} matches the co-sell schema: nothing to do.`);
  else {
    lines.push(`${verb} ${report.actions.length} change(s) to ${report.baseUrl}:`);
    for (const a of report.actions) lines.push(`  + ${describeAction(a)}${report.applied && !report.done.includes(a) ? ' (skipped)' : ''}`);
  }
  if (report.warnings.length > 0) {
    lines.push(`${report.warnings.length} warning(s):`);
    for (const w of report.warnings) lines.push(`  ! ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
