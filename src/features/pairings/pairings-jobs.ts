// The pairing program's job: the weekly digests and day-90 review tasks (enqueued by the scheduler).
import { z } from 'zod';
import type { JobHandler } from '../../jobs/job-registry';
import { sendPairingDigests } from './pairing-digests';

export const pairingDigestJobSchema = z.object({ type: z.literal('pairing-digest') });
export type PairingDigestJob = z.infer<typeof pairingDigestJobSchema>;

export const pairingDigestJob: JobHandler<PairingDigestJob> = {
  type: 'pairing-digest',
  schema: pairingDigestJobSchema,
  run: async (deps) => {
    const report = await sendPairingDigests(deps);
    deps.logger.info(report, 'pairing digests sent');
    return undefined;
  },
};

export const pairingsJobs = [pairingDigestJob] as const;
