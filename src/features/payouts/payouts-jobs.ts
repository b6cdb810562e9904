// The payouts feature's jobs: refreshing the partner company commission figures.
import { partnerCommissionJob } from './partner-commission';

export const payoutsJobs = [partnerCommissionJob] as const;
