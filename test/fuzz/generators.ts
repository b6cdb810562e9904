import { seededRandom } from '../support/seeded-random';

/**
 * A seeded generator of hostile request bodies for the HTTP fuzz suite: malformed JSON, deep
 * nesting, huge strings, wrong types, prototype keys, big batches, unicode. Seeded (mulberry32) so
 * a failing run can be replayed with the printed seed.
 */
export class Rng {
  /** mulberry32: small, fast, good enough to spread test cases. */
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const UNICODE = ['é', 'ß', '漢字', '🙂', '👩‍👩‍👧', '\u0000', '\u202e', '\ud800', '\udfff', '\ufeff', 'Ω', '\u2028', '\t', '"', '\\', '</script>', '%ff', '\u{10ffff}'];

export function unicodeString(rng: Rng, max = 40): string {
  let out = '';
  const n = rng.int(0, max);
  for (let i = 0; i < n; i++) out += rng.chance(0.5) ? rng.pick(UNICODE) : String.fromCharCode(rng.int(32, 126));
  return out;
}

/** Percent-encodes the UTF-8 bytes of `text` but letters, digits and `-._~` (lone surrogates become U+FFFD instead of throwing). */
export function pct(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
}

/** `{"a":{"a":…1…}}` (or arrays) as text, `depth` levels deep: built as text so building never recurses. */
export function deepText(depth: number, kind: 'object' | 'array' = 'object'): string {
  return kind === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** A value of a random, usually wrong, type — as JSON text (so it can hold depth and prototype keys). */
export function weirdValueText(rng: Rng): string {
  switch (rng.int(0, 17)) {
    case 0: return 'null';
    case 1: return 'true';
    case 2: return String(rng.pick([-1, 0, 1.5, 1e20, -1e20, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 8.64e15, 8.64e15 + 1, 1e308, -0, 2 ** 53, 4102444800000]));
    case 3: return '1e400';
    case 4: return JSON.stringify(unicodeString(rng));
    case 5: return JSON.stringify('x'.repeat(rng.int(1000, 8_000)));
    case 6: return `[${Array.from({ length: rng.int(0, 5) }, () => rng.int(-5, 5)).join(',')}]`;
    case 7: return '{}';
    case 8: return deepText(rng.int(20, 40), rng.chance(0.5) ? 'object' : 'array');
    case 9: return deepText(rng.int(100, 6000), rng.chance(0.5) ? 'object' : 'array');
    case 10: return `{${JSON.stringify(rng.pick(PROTO_KEYS))}:{"polluted":true,"isAdmin":true}}`;
    case 11: return '"123"';
    case 12: return '"-5"';
    case 13: return '"00012345678901234567890123"';
    case 14: return JSON.stringify(String(rng.int(1, 999_999)));
    case 15: return String(rng.int(1, 999_999));
    case 16: return '""';
    default: return '[{"a":[{"b":[{"c":{}}]}]}]';
  }
}

export interface EventTemplate {
  portalId: number;
  appId: number;
  dealId: number;
  companyId: number;
}

/** A valid event of a random kind, as HubSpot sends it. */
export function validEvent(rng: Rng, t: EventTemplate, i: number): Record<string, unknown> {
  const base = { eventId: rng.int(1, 1e9), subscriptionId: rng.int(1, 1e6), portalId: t.portalId, appId: t.appId, occurredAt: 1_760_000_000_000 + rng.int(0, 1e9) + i, attemptNumber: rng.int(0, 5), changeSource: rng.pick(['CRM_UI', 'INTEGRATION', 'IMPORT', 'API']), sourceId: rng.chance(0.5) ? String(t.appId) : 'userId:9' };
  switch (rng.int(0, 5)) {
    case 0: return { ...base, subscriptionType: 'deal.propertyChange', objectId: t.dealId, propertyName: rng.pick(['amount', 'dealstage', 'closedate', 'cosell_model']), propertyValue: rng.pick(['100', 'closedwon', '', unicodeString(rng, 10)]) };
    case 1: return { ...base, subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: t.dealId, toObjectId: t.companyId, associationRemoved: rng.chance(0.5), isPrimaryAssociation: false };
    case 2: return { ...base, subscriptionType: 'company.associationChange', associationType: rng.pick(['COMPANY_TO_DEAL', 'COMPANY_TO_COMPANY', 'PARENT_COMPANY_TO_CHILD_COMPANY', 'COMPANY_TO_CONTACT']), fromObjectId: t.companyId, toObjectId: t.dealId, associationRemoved: false, isPrimaryAssociation: rng.chance(0.2) };
    case 3: return { ...base, subscriptionType: 'deal.merge', primaryObjectId: t.dealId, mergedObjectIds: [t.dealId + 1], newObjectId: t.dealId, numberOfPropertiesMoved: 2 };
    case 4: return { ...base, subscriptionType: rng.pick(['deal.creation', 'deal.deletion', 'company.restore', 'object.creation']), objectId: t.dealId, objectTypeId: '0-3' };
    default: return { ...base, subscriptionType: rng.pick(['contact.privacyDeletion', 'conversation.newMessage', 'deal.somethingNew', 'x', '']), objectId: t.dealId };
  }
}

const EVENT_FIELDS = ['portalId', 'occurredAt', 'subscriptionType', 'eventType', 'objectId', 'fromObjectId', 'toObjectId', 'associationType', 'associationRemoved', 'propertyName', 'propertyValue', 'sourceId', 'mergedObjectIds', 'newObjectId', 'attemptNumber', 'objectTypeId'];

/** JSON text of one event: usually a valid one with 0–3 fields set to hostile values, dropped, or added. */
export function eventText(rng: Rng, t: EventTemplate, i: number): string {
  if (rng.chance(0.04)) return weirdValueText(rng); // not even an object
  const e = validEvent(rng, t, i);
  const parts = new Map<string, string>(Object.entries(e).map(([k, v]) => [k, JSON.stringify(v)]));
  const mutations = rng.chance(0.25) ? 0 : rng.int(1, 3);
  for (let m = 0; m < mutations; m++) {
    const r = rng.next();
    if (r < 0.45) parts.set(rng.pick(EVENT_FIELDS), weirdValueText(rng));
    else if (r < 0.6) parts.delete(rng.pick(EVENT_FIELDS));
    else if (r < 0.8) parts.set(rng.pick(['extra', 'nested', unicodeString(rng, 8), ...PROTO_KEYS]), weirdValueText(rng));
    else parts.set(rng.pick(PROTO_KEYS), weirdValueText(rng));
  }
  return `{${[...parts].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/** A webhook body: mostly arrays of events, sometimes big batches, broken JSON or not an array. */
export function webhookBody(rng: Rng, t: EventTemplate, big: boolean): string {
  if (big) return `[${Array.from({ length: rng.int(1000, 1500) }, (_, i) => eventText(rng, t, i)).join(',')}]`;
  const r = rng.next();
  if (r < 0.7) return `[${Array.from({ length: rng.int(0, 6) }, (_, i) => eventText(rng, t, i)).join(',')}]`;
  if (r < 0.8) return broken(rng, `[${eventText(rng, t, 0)},${eventText(rng, t, 1)}]`);
  if (r < 0.87) return weirdValueText(rng);
  if (r < 0.9) return deepText(rng.int(1000, 20_000), 'array');
  if (r < 0.905) return `[${JSON.stringify('y'.repeat(rng.int(100_000, 900_000)))}]`;
  if (r < 0.96) return rng.pick(['', ' ', '[', ']', '[,]', '[1,]', 'nul', '\ufeff[]', '[] []', '{"__proto__":[]}', '[{"__proto__":{"subscriptionType":"deal.creation"}}]']);
  return Buffer.from(Array.from({ length: rng.int(1, 200) }, () => rng.int(0, 255))).toString('latin1');
}

/** Truncates, splices or corrupts JSON text. */
export function broken(rng: Rng, text: string): string {
  const at = rng.int(0, Math.max(0, text.length - 1));
  switch (rng.int(0, 3)) {
    case 0: return text.slice(0, at);
    case 1: return `${text.slice(0, at)}${rng.pick(['"', '{', ']', ',', '\\', '\u0000', '%', 'NaN', 'undefined'])}${text.slice(at)}`;
    case 2: return `${text.slice(0, at)}${text.slice(at + rng.int(1, 10))}`;
    default: return text.replace(/"/g, "'");
  }
}

/** A card request body: a valid body with hostile mutations, or something else entirely. */
export function cardBody(rng: Rng, valid: unknown): string {
  const r = rng.next();
  // Valid bodies reach the CRM (the emulator) and cost several calls each: a few are enough.
  if (r < 0.12) return JSON.stringify(valid);
  if (r < 0.55) {
    // Replace one value somewhere in the valid body with a hostile one (as text).
    const text = JSON.stringify(valid);
    const values = [...text.matchAll(/:("[^"]*"|-?\d+(\.\d+)?|true|false|null)/g)];
    if (values.length === 0) return weirdValueText(rng);
    const m = rng.pick(values);
    const start = m.index + 1;
    return `${text.slice(0, start)}${weirdValueText(rng)}${text.slice(start + m[1]!.length)}`;
  }
  if (r < 0.7) return broken(rng, JSON.stringify(valid));
  if (r < 0.8) return weirdValueText(rng);
  if (r < 0.85) return `{${JSON.stringify(rng.pick(PROTO_KEYS))}:${JSON.stringify(valid)}}`;
  if (r < 0.9) return `{"ruleSet":${deepText(rng.int(30, 20_000))},"partners":${deepText(rng.int(30, 5000), 'array')}}`;
  if (r < 0.95) return JSON.stringify({ ...(valid as object), junk: unicodeString(rng, 200), big: 'z'.repeat(rng.int(1000, 200_000)) });
  return rng.pick(['', '[]', 'null', '"x"', '{', '{}']);
}

/** Path segments a card route may receive: ids, junk, unicode, malformed percent-encodings. */
export function pathSegment(rng: Rng, good: string): string {
  return rng.pick([
    good, good, good, '0', '-1', '1e5', 'abc', '99999999999999999999999', '9'.repeat(400), '%ff', '%', '%E0%A4%A', '%c3%28', '%00', '%2e%2e', '..',
    pct(unicodeString(rng, 6)) || 'x', '%F0%9F%99%82', '__proto__', 'constructor', '%25', 'a%20b',
  ]);
}

/** A query string for a card call: usually valid, sometimes with keys repeated, missing, or hostile. */
export function cardQuery(rng: Rng, portalId: string): string {
  const pairs: Array<[string, string]> = [['portalId', portalId], ['userId', '1']];
  const r = rng.next();
  if (r < 0.15) pairs.push(['appId', '3100001'], ['portalId', portalId], ['userId', '1'], ['userEmail', 'ana@example.com']);
  else if (r < 0.25) pairs.splice(rng.int(0, 1), 1);
  else if (r < 0.35) pairs.push([rng.pick(['portalId', 'userId', 'teamIds', 'appId', 'userEmail', '__proto__', 'constructor', 'a[b]', 'x']), rng.pick([unicodeString(rng, 10), 'x'.repeat(5000), '1,2,3', '', '%ff'])]);
  else if (r < 0.4) pairs.push(['teamIds', rng.pick(['1,2', ',', '1,,2', 'a', '9'.repeat(300)])]);
  // '%ff' is sent raw (a malformed encoding); everything else encoded.
  return pairs.map(([k, v]) => `${pct(k)}=${v === '%ff' ? v : pct(v)}`).join('&');
}
