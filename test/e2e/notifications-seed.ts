// The portal the notification end-to-end tests run on, and how they read the tasks on a deal.
import type { EmulatorSeed } from '../../src/emulator';
import type { Stack } from './start-stack';

/** A customer, two partners each owned by its own partner manager, and one open deal. */
export function managedPartnersSeed(): EmulatorSeed {
  return {
    owners: [
      { key: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez' },
      { key: 'nina', email: 'nina@example.com', firstName: 'Nina', lastName: 'North' },
      { key: 'sam', email: 'sam@example.com', firstName: 'Sam', lastName: 'Stack' },
      { key: 'pat', email: 'pat@example.com', firstName: 'Pat', lastName: 'Ops' },
    ],
    companies: [
      { key: 'acme', name: 'Acme Corp', domain: 'acme.example' },
      { key: 'p1', name: 'Northwind', domain: 'northwind.example', ownerKey: 'nina', properties: { cosell_partner_type: 'reseller' } },
      { key: 'p2', name: 'Stackly', domain: 'stackly.example', ownerKey: 'sam', properties: { cosell_partner_type: 'technology' } },
      { key: 'p3', name: 'Referly', domain: 'referly.example', ownerKey: 'sam', properties: { cosell_partner_type: 'referral' } },
    ],
    deals: [
      {
        key: 'd1',
        ownerKey: 'ana',
        properties: { dealname: 'Acme platform', dealstage: 'appointmentscheduled', pipeline: 'default', amount: '10000.00', deal_currency_code: 'USD', closedate: '2026-06-30T12:00:00Z' },
        companies: [{ companyKey: 'acme', labels: [], primary: true }],
      },
      {
        key: 'd2',
        ownerKey: 'ana',
        properties: { dealname: 'Acme add-on', dealstage: 'qualifiedtobuy', pipeline: 'default', amount: '999.99', deal_currency_code: 'USD', closedate: '2026-07-15T12:00:00Z' },
        companies: [{ companyKey: 'acme', labels: [], primary: true }],
      },
    ],
  };
}

/** The tasks associated with a deal, as the emulator stores them. */
export function dealTasks(s: Stack, dealId: string): Array<Record<string, string>> {
  return s.hs.admin.getAssociations('deals', dealId, 'tasks').map((a) => s.hs.admin.getObject('tasks', a.toId)!);
}

