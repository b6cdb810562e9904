/**
 * HubSpot's out-of-the-box portal schema, reduced to what the app and its tests touch: the
 * default properties of deals/companies/contacts/notes/tasks, the default deal pipeline and the
 * HUBSPOT_DEFINED association types (ids from @hubspot/api-client's AssociationTypes enum,
 * docs/hubspot.md §4.4).
 */

export const OBJECT_TYPES = ['deals', 'companies', 'contacts', 'notes', 'tasks'] as const;
/** A custom object type, named by its `objectTypeId` (`2-<n>`), created through the schemas API. */
export type CustomObjectType = `2-${number}`;
export type ObjectType = (typeof OBJECT_TYPES)[number] | CustomObjectType;

export function isCustomType(type: ObjectType): type is CustomObjectType {
  return type.startsWith('2-');
}

const aliases: Record<string, ObjectType> = {
  deals: 'deals', deal: 'deals', '0-3': 'deals',
  companies: 'companies', company: 'companies', '0-2': 'companies',
  contacts: 'contacts', contact: 'contacts', '0-1': 'contacts',
  notes: 'notes', note: 'notes', '0-46': 'notes',
  tasks: 'tasks', task: 'tasks', '0-27': 'tasks',
};

export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1', companies: '0-2', deals: '0-3', tasks: '0-27', notes: '0-46',
};

/** Singular upper-case names used in webhook `associationType` values, e.g. DEAL_TO_COMPANY. */
export const WEBHOOK_NAMES: Record<ObjectType, string> = {
  deals: 'DEAL', companies: 'COMPANY', contacts: 'CONTACT', notes: 'NOTE', tasks: 'TASK',
};

/** Singular lower-case names used in webhook subscription types, e.g. `deal.creation`. */
export const SINGULAR: Record<ObjectType, string> = {
  deals: 'deal', companies: 'company', contacts: 'contact', notes: 'note', tasks: 'task',
};

export function parseObjectType(value: string): ObjectType | undefined {
  return aliases[value.toLowerCase()];
}

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined: boolean;
  readOnlyValue: boolean;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  numberDisplayHint?: string;
  referencedObjectType?: string;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

const epoch = '2020-01-01T00:00:00.000Z';

type Spec = [name: string, label: string, type: string, fieldType: string, extra?: Partial<PropertyDefinition>];

function def(group: string, [name, label, type, fieldType, extra]: Spec): PropertyDefinition {
  return {
    name, label, type, fieldType, groupName: group, description: '', options: [], displayOrder: -1,
    hasUniqueValue: false, hidden: false, formField: false, calculated: false, externalOptions: false,
    hubspotDefined: true, readOnlyValue: false, createdAt: epoch, updatedAt: epoch, archived: false,
    ...extra,
  };
}

const opts = (...values: Array<[string, string]>): PropertyOption[] =>
  values.map(([value, label], i) => ({ value, label, displayOrder: i, hidden: false }));

const readOnly = { readOnlyValue: true };
const common: Spec[] = [
  ['hs_object_id', 'Record ID', 'number', 'number', readOnly],
  ['createdate', 'Create Date', 'datetime', 'date'],
  ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', readOnly],
  ['hubspot_owner_id', 'Owner', 'enumeration', 'select', { referencedObjectType: 'OWNER', externalOptions: true }],
];

const currencies = opts(['USD', 'US Dollar'], ['EUR', 'Euro'], ['GBP', 'British Pound'], ['CAD', 'Canadian Dollar'], ['AUD', 'Australian Dollar'], ['JPY', 'Japanese Yen'], ['CHF', 'Swiss Franc']);

const specs: Record<ObjectType, { group: string; groups: Array<[string, string]>; props: Spec[]; defaults: string[] }> = {
  deals: {
    group: 'dealinformation',
    groups: [['dealinformation', 'Deal information'], ['deal_activity', 'Deal activity']],
    props: [
      ...common,
      ['dealname', 'Deal Name', 'string', 'text'],
      ['amount', 'Amount', 'number', 'number', { numberDisplayHint: 'currency' }],
      ['amount_in_home_currency', 'Amount in company currency', 'number', 'number', { ...readOnly, calculated: true }],
      ['dealstage', 'Deal Stage', 'enumeration', 'radio'],
      ['pipeline', 'Pipeline', 'enumeration', 'select'],
      ['closedate', 'Close Date', 'datetime', 'date'],
      ['deal_currency_code', 'Currency', 'enumeration', 'select', { options: currencies }],
      ['dealtype', 'Deal Type', 'enumeration', 'radio', { options: opts(['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business']) }],
      ['description', 'Deal Description', 'string', 'textarea'],
      ['hs_is_closed', 'Is Deal Closed?', 'bool', 'booleancheckbox', { ...readOnly, calculated: true, options: opts(['true', 'Yes'], ['false', 'No']) }],
      ['hs_is_closed_won', 'Is Closed Won', 'bool', 'booleancheckbox', { ...readOnly, calculated: true, options: opts(['true', 'Yes'], ['false', 'No']) }],
      // HubSpot's rate of the deal's currency into the company currency (the report converts with it).
      ['hs_exchange_rate', 'Exchange rate', 'number', 'number'],
    ],
    defaults: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  },
  companies: {
    group: 'companyinformation',
    groups: [['companyinformation', 'Company information']],
    props: [
      ...common,
      ['name', 'Company name', 'string', 'text'],
      ['domain', 'Company Domain Name', 'string', 'text'],
      ['website', 'Website URL', 'string', 'text'],
      ['industry', 'Industry', 'string', 'text'],
      ['city', 'City', 'string', 'text'],
      ['country', 'Country/Region', 'string', 'text'],
      ['hs_parent_company_id', 'Parent Company', 'number', 'number', readOnly],
      ['num_associated_deals', 'Number of Associated Deals', 'number', 'number', { ...readOnly, calculated: true }],
      ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', {
        options: opts(['subscriber', 'Subscriber'], ['lead', 'Lead'], ['marketingqualifiedlead', 'Marketing Qualified Lead'], ['salesqualifiedlead', 'Sales Qualified Lead'], ['opportunity', 'Opportunity'], ['customer', 'Customer'], ['evangelist', 'Evangelist'], ['other', 'Other']),
      }],
    ],
    defaults: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  },
  contacts: {
    group: 'contactinformation',
    groups: [['contactinformation', 'Contact information']],
    props: [
      ...common,
      ['email', 'Email', 'string', 'text'],
      ['firstname', 'First Name', 'string', 'text'],
      ['lastname', 'Last Name', 'string', 'text'],
      ['jobtitle', 'Job Title', 'string', 'text'],
      ['phone', 'Phone Number', 'string', 'phonenumber'],
      ['company', 'Company Name', 'string', 'text'],
      ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', readOnly],
    ],
    defaults: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  },
  notes: {
    group: 'engagement',
    groups: [['engagement', 'Engagement']],
    props: [
      ...common,
      ['hs_timestamp', 'Activity date', 'datetime', 'date'],
      ['hs_note_body', 'Note body', 'string', 'html'],
    ],
    defaults: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  },
  tasks: {
    group: 'task',
    groups: [['task', 'Task information']],
    props: [
      ...common,
      ['hs_timestamp', 'Due date', 'datetime', 'date'],
      ['hs_task_subject', 'Task Title', 'string', 'text'],
      ['hs_task_body', 'Notes', 'string', 'html'],
      ['hs_task_status', 'Task Status', 'enumeration', 'select', { options: opts(['NOT_STARTED', 'Not started'], ['IN_PROGRESS', 'In progress'], ['WAITING', 'Waiting'], ['COMPLETED', 'Completed'], ['DEFERRED', 'Deferred']) }],
      ['hs_task_priority', 'Priority', 'enumeration', 'select', { options: opts(['NONE', 'None'], ['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High']) }],
      ['hs_task_type', 'Task Type', 'enumeration', 'select', { options: opts(['EMAIL', 'Email'], ['CALL', 'Call'], ['TODO', 'To-do']) }],
    ],
    defaults: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  },
};

export function defaultProperties(type: ObjectType): PropertyDefinition[] {
  const s = specs[type];
  if (!s) return ([['hs_object_id', 'Record ID', 'number', 'number', { readOnlyValue: true }], ['hs_createdate', 'Object create date/time', 'datetime', 'date', { readOnlyValue: true }],
    ['hs_lastmodifieddate', 'Object last modified date/time', 'datetime', 'date', { readOnlyValue: true }]] as Spec[]).map((p) => def('custom_information', p));
  return s.props.map((p) => def(s.group, p));
}

export function defaultGroups(type: ObjectType): PropertyGroup[] {
  return (specs[type]?.groups ?? []).map(([name, label], i) => ({ name, label, displayOrder: i, archived: false }));
}

/** Properties a read returns when the caller names none (HubSpot's per-object default set). */
export function defaultReadProperties(type: ObjectType): string[] {
  return specs[type]?.defaults ?? ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'];
}

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: { probability: string; isClosed: string };
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  writePermissions?: string;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export function stage(id: string, label: string, displayOrder: number, probability: number, isClosed: boolean): PipelineStage {
  return {
    id, label, displayOrder, archived: false, createdAt: epoch, updatedAt: epoch,
    metadata: { probability: probability.toFixed(1), isClosed: String(isClosed) },
  };
}

export function defaultDealPipeline(): Pipeline {
  return {
    id: 'default', label: 'Sales Pipeline', displayOrder: 0, archived: false, createdAt: epoch, updatedAt: epoch,
    stages: [
      stage('appointmentscheduled', 'Appointment Scheduled', 0, 0.2, false),
      stage('qualifiedtobuy', 'Qualified To Buy', 1, 0.4, false),
      stage('presentationscheduled', 'Presentation Scheduled', 2, 0.6, false),
      stage('decisionmakerboughtin', 'Decision Maker Bought-In', 3, 0.8, false),
      stage('contractsent', 'Contract Sent', 4, 0.9, false),
      stage('closedwon', 'Closed Won', 5, 1, true),
      stage('closedlost', 'Closed Lost', 6, 0, true),
    ],
  };
}

export interface AssociationDefinition {
  typeId: number;
  fromType: ObjectType;
  toType: ObjectType;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  /** null for the unlabeled default association of a pair. */
  label: string | null;
  /** Internal name, e.g. `deal_to_company` or the label's `name`. */
  name: string;
  inverseTypeId: number;
}

/**
 * HUBSPOT_DEFINED types: [fromType, toType, typeId, inverseTypeId, label].
 * The unlabeled one of each pair comes first so `defaultTypeId` finds it.
 */
const hubspotDefined: Array<[ObjectType, ObjectType, number, number, string | null]> = [
  ['deals', 'companies', 341, 342, null], ['companies', 'deals', 342, 341, null],
  ['deals', 'companies', 5, 6, 'Primary'], ['companies', 'deals', 6, 5, 'Primary'],
  ['deals', 'contacts', 3, 4, null], ['contacts', 'deals', 4, 3, null],
  ['contacts', 'companies', 279, 280, null], ['companies', 'contacts', 280, 279, null],
  ['contacts', 'companies', 1, 2, 'Primary'], ['companies', 'contacts', 2, 1, 'Primary'],
  ['companies', 'companies', 450, 450, null],
  ['companies', 'companies', 13, 14, 'Child Company'], ['companies', 'companies', 14, 13, 'Parent Company'],
  ['notes', 'deals', 214, 213, null], ['deals', 'notes', 213, 214, null],
  ['notes', 'companies', 190, 189, null], ['companies', 'notes', 189, 190, null],
  ['notes', 'contacts', 202, 201, null], ['contacts', 'notes', 201, 202, null],
  ['tasks', 'deals', 216, 215, null], ['deals', 'tasks', 215, 216, null],
  ['tasks', 'companies', 192, 191, null], ['companies', 'tasks', 191, 192, null],
  ['tasks', 'contacts', 204, 203, null], ['contacts', 'tasks', 203, 204, null],
];

export function defaultAssociationDefinitions(): AssociationDefinition[] {
  return hubspotDefined.map(([fromType, toType, typeId, inverseTypeId, label]) => ({
    typeId, fromType, toType, inverseTypeId, label, category: 'HUBSPOT_DEFINED',
    name: `${SINGULAR[fromType]}_to_${SINGULAR[toType]}${label ? `_${label.toLowerCase().replace(/\W+/g, '_')}` : ''}`,
  }));
}

/** First id handed to USER_DEFINED labels; above every HUBSPOT_DEFINED id so they never clash. */
export const USER_DEFINED_TYPE_ID_BASE = 1000;
