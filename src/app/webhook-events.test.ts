import { describe, expect, it } from 'vitest';
import type { WebhookEvent } from './webhook-events';
import { classifyEvent, eventDedupeKey, storedDedupeKey, toInboxItems, webhookBodySchema } from './webhook-events';

const base = { portalId: '9', occurredAt: 1000, subscriptionType: 'deal.propertyChange', objectId: '42', propertyName: 'dealstage', propertyValue: 'closedwon' } as WebhookEvent;
const ctx = { appId: '555', portalId: '9' };

describe('webhook events', () => {
  it('parses numeric ids to strings and requires a subscription type', () => {
    const ok = webhookBodySchema.safeParse([{ portalId: 9, occurredAt: 1, subscriptionType: 'deal.creation', objectId: 42 }]);
    expect(ok.success && ok.data[0]?.objectId).toBe('42');
    const bad = webhookBodySchema.safeParse([{ portalId: 9, occurredAt: 1, objectId: 42 }]);
    expect(bad.error?.issues[0]?.path).toEqual([0, 'subscriptionType']);
    expect(webhookBodySchema.safeParse([]).success).toBe(false);
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
    ['own write', { ...base, changeSource: 'INTEGRATION', sourceId: '555' }, { action: 'skip', reason: 'own_write' }],
    ["another integration's write is real input", { ...base, changeSource: 'INTEGRATION', sourceId: '777' }, { action: 'deals', dealIds: ['42'] }],
    ['output property', { ...base, propertyName: 'cosell_pool_amount' }, { action: 'skip', reason: 'output_property' }],
    ['company partner type is an input', { ...base, subscriptionType: 'company.propertyChange', objectId: '7', propertyName: 'cosell_partner_type' }, { action: 'companies', companyIds: ['7'] }],
    ['other portal', { ...base, portalId: '1' }, { action: 'skip', reason: 'other_portal' }],
    ['deal→company association', { ...base, subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_COMPANY', fromObjectId: '42', toObjectId: '7' }, { action: 'deals', dealIds: ['42'] }],
    ['company→deal association', { ...base, subscriptionType: 'company.associationChange', objectId: '7', associationType: 'COMPANY_TO_DEAL', fromObjectId: '7', toObjectId: '42' }, { action: 'deals', dealIds: ['42'] }],
    ['company→company (parent) association', { ...base, subscriptionType: 'company.associationChange', objectId: '7', associationType: 'COMPANY_TO_COMPANY', fromObjectId: '7', toObjectId: '8' }, { action: 'companies', companyIds: ['7'] }],
    ['generic object event on deals', { ...base, subscriptionType: 'object.propertyChange', objectTypeId: '0-3' }, { action: 'deals', dealIds: ['42'] }],
    ['contact event', { ...base, subscriptionType: 'contact.propertyChange' }, { action: 'skip', reason: 'other_object' }],
    ['deletion', { ...base, subscriptionType: 'deal.deletion' }, { action: 'skip', reason: 'deleted' }],
  ])('%s', (_name, e, expected) => {
    expect(classifyEvent(e as WebhookEvent, ctx)).toEqual(expected);
  });
});
