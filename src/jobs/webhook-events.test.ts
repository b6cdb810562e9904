import { describe, expect, it } from 'vitest';
import type { WebhookEvent } from './webhook-events';
import { classifyEvent, eventDedupeKey, eventSubject, jsonDepthExceeds, MAX_JSON_DEPTH, sortDelivery, storedDedupeKey, toInboxItems, webhookBodySchema, webhookEventSchema } from './webhook-events';

const base = { portalId: '9', occurredAt: 1000, subscriptionType: 'deal.propertyChange', objectId: '42', propertyName: 'dealstage', propertyValue: 'closedwon' } as WebhookEvent;
const ctx = { appId: '555', portalId: '9' };
// Association and merge events as HubSpot sends them: no objectId, no property fields.
const assoc = { portalId: '9', occurredAt: 1000, associationRemoved: false, isPrimaryAssociation: false } as Partial<WebhookEvent>;
const merge = { portalId: '9', occurredAt: 1000, numberOfPropertiesMoved: 3 } as Partial<WebhookEvent>;

describe('webhook events', () => {
  it('parses numeric ids to strings and requires a subscription type', () => {
    const ok = webhookBodySchema.safeParse([{ portalId: 9, occurredAt: 1, subscriptionType: 'deal.creation', objectId: 42 }]);
    expect(ok.success && ok.data[0]?.objectId).toBe('42');
    const bad = webhookBodySchema.safeParse([{ portalId: 9, occurredAt: 1, objectId: 42 }]);
    expect(bad.error?.issues[0]?.path).toEqual([0, 'subscriptionType']);
    // The intake answers an empty delivery 200 with nothing stored.
    expect(webhookBodySchema.safeParse([]).success).toBe(true);
  });

  it('the dedupe key ignores eventId and attemptNumber but not what happened', () => {
    const k = eventDedupeKey(base);
    expect(eventDedupeKey({ ...base, eventId: 7, attemptNumber: 4 })).toBe(k);
    for (const change of [{ occurredAt: 1001 }, { propertyValue: 'closedlost' }, { objectId: '43' }, { propertyName: 'amount' }, { associationRemoved: true }, { toObjectId: '5' }]) {
      expect(eventDedupeKey({ ...base, ...change } as WebhookEvent)).not.toBe(k);
    }
    expect(toInboxItems([base])[0]).toMatchObject({ kind: 'event', subject: 'deal:42', dedupeKey: storedDedupeKey(base) });
    expect(storedDedupeKey(base)).toMatch(/^hs:[\w-]{32}$/);
    expect(storedDedupeKey({ ...base, attemptNumber: 2 })).toBe(storedDedupeKey(base));
    expect(storedDedupeKey({ ...base, occurredAt: 1001 })).not.toBe(storedDedupeKey(base));
  });

  it.each([
    ['input property', base, { action: 'deals', dealIds: ['42'] }],
    // A static-auth app's token is used by the portal admins' own scripts too: their edits to inputs count.
    ['an edit to an input made with our own token', { ...base, changeSource: 'INTEGRATION', sourceId: '555' }, { action: 'deals', dealIds: ['42'] }],
    ['our own token writing an output property', { ...base, changeSource: 'INTEGRATION', sourceId: '555', propertyName: 'cosell_model' }, { action: 'skip', reason: 'output_property' }],
    ["another integration's write is real input", { ...base, changeSource: 'INTEGRATION', sourceId: '777' }, { action: 'deals', dealIds: ['42'] }],
    ['output property', { ...base, propertyName: 'cosell_pool_amount' }, { action: 'skip', reason: 'output_property' }],
    ['company partner type is an input', { ...base, subscriptionType: 'company.propertyChange', objectId: '7', propertyName: 'cosell_partner_type' }, { action: 'companies', companyIds: ['7'] }],
    ['other portal', { ...base, portalId: '1' }, { action: 'skip', reason: 'other_portal' }],
    ['deal→company association', { ...base, subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: '42', toObjectId: '7' }, { action: 'deals', dealIds: ['42'] }],
    ['company→deal association', { ...base, subscriptionType: 'company.associationChange', objectId: '7', associationType: 'COMPANY_TO_DEAL', fromObjectId: '7', toObjectId: '42' }, { action: 'deals', dealIds: ['42'] }],
    ['company→company (parent) association', { ...assoc, subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_COMPANY', fromObjectId: '7', toObjectId: '8' }, { action: 'companies', companyIds: ['7', '8'] }],
    ['parent→child company association', { ...assoc, subscriptionType: 'company.associationChange', associationType: 'PARENT_COMPANY_TO_CHILD_COMPANY', fromObjectId: '7', toObjectId: '8' }, { action: 'companies', companyIds: ['7', '8'] }],
    ['child→parent company association', { ...assoc, subscriptionType: 'company.associationChange', associationType: 'CHILD_TO_PARENT_COMPANY', fromObjectId: '8', toObjectId: '7' }, { action: 'companies', companyIds: ['8', '7'] }],
    ['deal→company without objectId (as HubSpot sends it)', { ...assoc, subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: '42', toObjectId: '7' }, { action: 'deals', dealIds: ['42'] }],
    ['labelled deal→company variant', { ...assoc, subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY_UNLABELED', fromObjectId: '42', toObjectId: '7' }, { action: 'deals', dealIds: ['42'] }],
    ['company→deal without objectId', { ...assoc, subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: '7', toObjectId: '42' }, { action: 'deals', dealIds: ['42'] }],
    ['generic object.associationChange on a deal', { ...assoc, subscriptionType: 'object.associationChange', objectTypeId: '0-3', associationType: 'DEAL_TO_COMPANY', fromObjectId: '42', toObjectId: '7' }, { action: 'deals', dealIds: ['42'] }],
    ['generic object.associationChange without objectTypeId', { ...assoc, subscriptionType: 'object.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: '7', toObjectId: '42' }, { action: 'deals', dealIds: ['42'] }],
    ['association change from another portal', { ...assoc, portalId: '1', subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: '42', toObjectId: '7' }, { action: 'skip', reason: 'other_portal' }],
    ['deal→contact association', { ...assoc, subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_CONTACT', fromObjectId: '42', toObjectId: '3' }, { action: 'skip', reason: 'other_association' }],
    ['company→contact association', { ...assoc, subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_CONTACT', fromObjectId: '7', toObjectId: '3' }, { action: 'skip', reason: 'other_association' }],
    ['deal merge without objectId: the surviving deal', { ...merge, subscriptionType: 'deal.merge', primaryObjectId: '42', mergedObjectIds: ['43'], newObjectId: '42' }, { action: 'deals', dealIds: ['42'] }],
    ['deal merge into a new record', { ...merge, subscriptionType: 'deal.merge', primaryObjectId: '42', mergedObjectIds: ['43'], newObjectId: '44' }, { action: 'deals', dealIds: ['44'] }],
    ['company merge', { ...merge, subscriptionType: 'company.merge', primaryObjectId: '7', mergedObjectIds: ['8'], newObjectId: '7' }, { action: 'companies', companyIds: ['7'] }],
    ['generic object event on deals', { ...base, subscriptionType: 'object.propertyChange', objectTypeId: '0-3' }, { action: 'deals', dealIds: ['42'] }],
    ['contact event', { ...base, subscriptionType: 'contact.propertyChange' }, { action: 'skip', reason: 'other_object' }],
    ['deletion', { ...base, subscriptionType: 'deal.deletion' }, { action: 'skip', reason: 'deleted' }],
  ])('%s', (_name, e, expected) => {
    expect(classifyEvent(e as WebhookEvent, ctx)).toEqual(expected);
  });

  it('an association event needs both ends, not objectId; its subject is the deal side', () => {
    const raw = { portalId: 9, occurredAt: 1, subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: 7, toObjectId: 42, associationRemoved: false, isPrimaryAssociation: false };
    const ok = webhookEventSchema.safeParse(raw);
    expect(ok.success).toBe(true);
    expect(eventSubject(ok.data!)).toBe('deal:42');
    const noEnds = webhookEventSchema.safeParse({ ...raw, fromObjectId: undefined, toObjectId: undefined });
    expect(noEnds.error?.issues.map((i) => i.path.join('.'))).toEqual(['fromObjectId', 'toObjectId']);
    // A property change still needs objectId.
    expect(webhookEventSchema.safeParse({ portalId: 9, occurredAt: 1, subscriptionType: 'deal.propertyChange', propertyName: 'amount' }).error?.issues[0]?.path).toEqual(['objectId']);
    // Removing and re-adding the same association at the same instant are two events.
    const removed = webhookEventSchema.parse({ ...raw, associationRemoved: true });
    expect(eventDedupeKey(removed)).not.toBe(eventDedupeKey(ok.data!));
  });

  it('a merge without objectId is keyed and coalesced on the surviving record', () => {
    const e = webhookEventSchema.parse({ portalId: 9, occurredAt: 1, subscriptionType: 'deal.merge', primaryObjectId: 42, mergedObjectIds: [43], newObjectId: 42, numberOfPropertiesMoved: 2 });
    expect(eventSubject(e)).toBe('deal:42');
    expect(eventDedupeKey({ ...e, mergedObjectIds: ['44'] })).not.toBe(eventDedupeKey(e));
    expect(webhookEventSchema.safeParse({ portalId: 9, occurredAt: 1, subscriptionType: 'deal.merge' }).error?.issues[0]?.path).toEqual(['newObjectId']);
  });

  it.each([[-1], [1e20], [Number.MAX_SAFE_INTEGER], [Date.UTC(2100, 0, 1)], [1.5]])('occurredAt %s is refused (a Date and the store must hold it)', (occurredAt) => {
    const r = webhookEventSchema.safeParse({ ...base, objectId: 42, portalId: 9, occurredAt });
    expect(r.error?.issues[0]?.path).toEqual(['occurredAt']);
  });

  it('measures depth without recursion', () => {
    const nest = (n: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < n; i++) v = { a: v };
      return v;
    };
    expect(jsonDepthExceeds(nest(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nest(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(nest(200_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds([[1], { b: [2] }], 3)).toBe(false);
    expect(jsonDepthExceeds([[1], { b: [2] }], 2)).toBe(true);
  });

  it('sorts a delivery event by event: valid to the inbox, invalid to dead letters naming the field, unknown types skipped', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const valid = { portalId: 9, occurredAt: 5, subscriptionType: 'deal.propertyChange', objectId: 42, propertyName: 'amount', propertyValue: '5' };
    const sorted = sortDelivery(
      [valid, { ...valid, occurredAt: 'yesterday' }, 7, { ...valid, subscriptionType: 'contact.creation' }, { ...valid, propertyName: 'cosell_model' }, { ...valid, portalId: 1 }, { occurredAt: 1 }, JSON.parse('{"__proto__":{"x":1},"portalId":9}') as unknown],
      { ...ctx, receivedAt: at },
    );
    expect(sorted.inbox.map((i) => i.subject)).toEqual(['deal:42']);
    expect(sorted.ignored).toBe(3);
    expect(sorted.deadLetters.map((d) => d.error)).toEqual([
      'events[1].occurredAt: Invalid input: expected number, received string',
      'events[2]: must be an object (a HubSpot webhook event)',
      'events[6].portalId: is required',
      expect.stringMatching(/^events\[7\]\.occurredAt: /),
    ]);
    expect(sorted.deadLetters[0]).toMatchObject({ kind: 'event', subject: 'deal:42', occurredAt: at, payload: { ...valid, occurredAt: 'yesterday' } });
    expect(sorted.deadLetters[1]).toMatchObject({ subject: 'webhook:rejected', payload: 7 });
    // A prototype key stays plain data in the stored payload.
    expect(Object.keys(sorted.deadLetters[3]!.payload as object)).toContain('__proto__');
    // A retry (new eventId/attemptNumber) of a bad event has the same key; another bad event does not.
    const retry = sortDelivery([{ ...valid, occurredAt: 'yesterday', eventId: 99, attemptNumber: 2 }], { ...ctx, receivedAt: new Date() });
    expect(retry.deadLetters[0]!.dedupeKey).toBe(sorted.deadLetters[0]!.dedupeKey);
    expect(new Set(sorted.deadLetters.map((d) => d.dedupeKey)).size).toBe(4);
  });
});
