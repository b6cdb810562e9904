// The payouts feature's jobs: refreshing the partner company commission figures, appending quarter incentive lines.
import { partnerCommissionJob } from './partner-commission';
import { quarterIncentivesJob } from './quarter-incentives';

export const payoutsJobs = [partnerCommissionJob, quarterIncentivesJob] as const;
