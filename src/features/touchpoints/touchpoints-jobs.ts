// The touchpoints feature's job: mirror a logged touchpoint as a note on the deal when the card's
// own attempt failed (the worker retries it with backoff).
import { z } from 'zod';
import type { JobHandler } from '../../jobs/job-registry';
import { mirrorTouchpointNote } from './touchpoint-note';

export const touchpointNoteJobSchema = z.object({ type: z.literal('touchpoint-note'), touchpointId: z.string() });
export type TouchpointNoteJob = z.infer<typeof touchpointNoteJobSchema>;

export const touchpointNoteJob: JobHandler<TouchpointNoteJob> = {
  type: 'touchpoint-note',
  schema: touchpointNoteJobSchema,
  run: async (deps, job) => {
    await mirrorTouchpointNote(deps, job.touchpointId);
    return undefined;
  },
};

export const touchpointsJobs = [touchpointNoteJob] as const;
