// Every feature's jobs in one registry, and the deal recompute the worker coalesces into: what
// webhooks/worker.ts hands the inbox worker. A new feature adds its `<feature>-jobs.ts` list here.
import { inboxJobs } from '../jobs/inbox-jobs';
import { createJobRegistry } from '../jobs/job-registry';
import type { InboxWork } from '../jobs/job-registry';
import { attributionJobs } from './attribution/attribution-jobs';
import { recomputeDeals } from './attribution/recompute-deals';
import { touchpointsJobs } from './touchpoints/touchpoints-jobs';
import { disputesJobs } from './disputes/disputes-jobs';
import { pairingsJobs } from './pairings/pairings-jobs';
import { reportingJobs } from './reporting/reporting-jobs';
import { notificationsJobs } from './notifications/notifications-jobs';
import { payoutsJobs } from './payouts/payouts-jobs';
import { accountMappingEventFollowUps, accountMappingJobs } from './account-mapping/account-mapping-jobs';


export const featureJobs = createJobRegistry([...attributionJobs, ...touchpointsJobs, ...inboxJobs, ...disputesJobs, ...pairingsJobs, ...reportingJobs, ...notificationsJobs, ...payoutsJobs, ...accountMappingJobs]);

export const inboxWork: InboxWork = { jobs: featureJobs, recomputeDeals, eventFollowUps: accountMappingEventFollowUps };
