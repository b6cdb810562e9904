import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { featureJobs } from '../features/feature-jobs';
import { createJobRegistry } from './job-registry';
import type { JobHandler } from './job-registry';

const echo: JobHandler<{ type: 'echo'; times: number }> = {
  type: 'echo',
  schema: z.object({ type: z.literal('echo'), times: z.number().int().min(1) }),
  run: async () => undefined,
};

describe('job registry', () => {
  it('finds the handler by the payload type and validates the payload with its schema', () => {
    const registry = createJobRegistry([echo]);
    const parsed = registry.parse({ type: 'echo', times: 2 });
    expect(parsed.ok && parsed.handler).toBe(echo);
    expect(parsed.ok && parsed.job).toEqual({ type: 'echo', times: 2 });
  });

  it('names the field of a payload that does not parse, and an unknown kind', () => {
    const registry = createJobRegistry([echo]);
    expect(registry.parse({ type: 'echo', times: 0 })).toMatchObject({ ok: false, error: expect.stringMatching(/^times: /) });
    expect(registry.parse({ type: 'nope' })).toEqual({ ok: false, error: 'type: unknown job kind "nope" (known: echo)' });
    expect(registry.parse('x')).toEqual({ ok: false, error: 'type: a job payload needs a string type' });
  });

  it('refuses a job kind registered twice', () => {
    expect(() => createJobRegistry([echo, echo])).toThrow(/"echo" is registered twice/);
  });

  it('the features register every job the scheduler, the cards and the worker enqueue', () => {
    expect(featureJobs.types()).toEqual(['account-mapping.index-companies', 'account-mapping.map-reminders', 'account-mapping.reconcile-index', 'account-mapping.write-back', 'deliver-webhook', 'dispute-sync', 'disputes-overdue', 'label-sweep', 'notify-commission-status', 'notify-stage-change', 'pairing-digest', 'partner-rollups', 'prune-inbox', 'quarter-incentives', 'recompute-deals', 'recompute-open', 'reconcile', 'refresh-partner-commission', 'sla-sweep', 'sync-conflict-alerts', 'touchpoint-note']);
    expect(featureJobs.parse({ type: 'recompute-deals', dealIds: ['1'], trigger: 'x' }).ok).toBe(true);
    expect(featureJobs.parse({ type: 'recompute-deals', dealIds: [], trigger: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^dealIds: /) });
  });
});
