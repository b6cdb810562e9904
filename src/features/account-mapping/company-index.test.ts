import { describe, expect, it } from 'vitest';
import { webhookEventSchema } from '../../jobs/webhook-events';
import type { CrmCompanySummary } from '../../hubspot/crm-gateway';
import { companyIndexFollowUp, toIndexedCompany } from './company-index';

const event = (fields: Record<string, unknown>) => webhookEventSchema.parse({ portalId: 9, occurredAt: 1_700_000_000_000, ...fields });

describe('companyIndexFollowUp', () => {
  it.each([
    [{ subscriptionType: 'company.creation', objectId: 11 }, ['11']],
    [{ subscriptionType: 'company.deletion', objectId: 11 }, ['11']],
    [{ subscriptionType: 'company.restore', objectId: 11 }, ['11']],
    [{ subscriptionType: 'company.propertyChange', objectId: 11, propertyName: 'domain', propertyValue: 'x.com' }, ['11']],
    [{ subscriptionType: 'company.propertyChange', objectId: 11, propertyName: 'website', propertyValue: 'x.com' }, ['11']],
    [{ subscriptionType: 'company.propertyChange', objectId: 11, propertyName: 'name', propertyValue: 'X' }, ['11']],
    [{ subscriptionType: 'company.propertyChange', objectId: 11, propertyName: 'lifecyclestage', propertyValue: 'customer' }, ['11']],
    [{ subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: 11 }, ['11']],
    // A merge without objectId (the leanest shape): the survivor and the merged-away ids.
    [{ subscriptionType: 'company.merge', primaryObjectId: 11, mergedObjectIds: [11, 12], newObjectId: 11 }, ['11', '12']],
  ])('%j re-reads %j', (fields, ids) => {
    expect(companyIndexFollowUp(event(fields))).toEqual({ type: 'account-mapping.index-companies', companyIds: ids });
  });

  it.each([
    [{ subscriptionType: 'company.propertyChange', objectId: 11, propertyName: 'industry', propertyValue: 'x' }],
    [{ subscriptionType: 'company.propertyChange', objectId: 11, propertyName: 'cosell_overlap_partners', propertyValue: 'x' }],
    [{ subscriptionType: 'deal.creation', objectId: 11 }],
    [{ subscriptionType: 'company.associationChange', fromObjectId: 11, toObjectId: 12, associationType: 'COMPANY_TO_DEAL' }],
  ])('%j asks for nothing', (fields) => {
    expect(companyIndexFollowUp(event(fields))).toBeNull();
  });
});

describe('toIndexedCompany', () => {
  const c = (domain: string | null, website: string | null): CrmCompanySummary => ({ id: '1', name: 'Acme', domain, website, lifecycleStage: 'lead', ownerId: null });
  it('keys on the registrable domain of the domain, else of the website; unusable values give null', () => {
    expect(toIndexedCompany(c('shop.Acme.co.uk', 'https://other.com')).domain).toBe('acme.co.uk');
    expect(toIndexedCompany(c(null, 'https://www.acme.com/about')).domain).toBe('acme.com');
    expect(toIndexedCompany(c('gmail.com', 'n/a')).domain).toBeNull();
    expect(toIndexedCompany(c('n/a', 'acme.io'))).toEqual({ companyId: '1', name: 'Acme', domain: 'acme.io', lifecycleStage: 'lead' });
  });
});
