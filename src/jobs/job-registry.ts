// Job kind → handler. Features register their handlers (src/features/<feature>/<feature>-jobs.ts);
// the worker (process-inbox-batch.ts) looks each claimed job up here and knows none by name.
import type { ZodType } from 'zod';
import type { AppDeps } from '../app/app-deps';
import type { JobPayload } from './inbox-job';
import type { WebhookEvent } from './webhook-events';

/**
 * What a handler asks of the worker after it ran: nothing (the item is done), or deals to
 * recompute, which the worker coalesces with the deals named by the other items of its batch.
 */
export type JobOutcome = { recompute: { dealIds: string[]; trigger: string } } | undefined;

export interface JobHandler<P extends JobPayload = JobPayload> {
  /** The job kind (`payload.type`). */
  type: P['type'];
  /** Validates the stored payload; a payload that does not parse is dead-lettered at once. */
  schema: ZodType<P>;
  run(deps: AppDeps, job: P): Promise<JobOutcome>;
}

export type ParsedJob = { ok: true; handler: JobHandler; job: JobPayload } | { ok: false; error: string };

export interface JobRegistry {
  /** Finds the handler of a stored payload and validates it with the handler's schema. */
  parse(payload: unknown): ParsedJob;
  /** The registered job kinds, sorted. */
  types(): string[];
}

/** How the worker recomputes the deals that events and jobs name (the attribution feature's recompute). */
export type RecomputeDeals = (deps: AppDeps, dealIds: string[], trigger: string, opts: { lockHolder: string; lockTtlMs: number }) => Promise<{ computed: number }>;

/** Everything the worker runs besides webhook events: the job registry and the deal recompute. */
export interface InboxWork {
  jobs: JobRegistry;
  recomputeDeals: RecomputeDeals;
  /**
   * Jobs a webhook event asks for besides what the worker does with it (e.g. account mapping's
   * company index follows company events). The worker enqueues them, keyed by the event's dedupe
   * key and the job kind, before the event is done, so a replay never adds them twice.
   */
  eventFollowUps?: (event: WebhookEvent) => JobPayload[];
}

/** Builds the registry; a job kind registered twice is a programming error. */
export function createJobRegistry(handlers: ReadonlyArray<JobHandler>): JobRegistry {
  const byType = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (byType.has(h.type)) throw new Error(`job kind "${h.type}" is registered twice`);
    byType.set(h.type, h);
  }
  return {
    parse(payload) {
      const type = payload && typeof payload === 'object' ? (payload as { type?: unknown }).type : undefined;
      if (typeof type !== 'string') return { ok: false, error: 'type: a job payload needs a string type' };
      const handler = byType.get(type);
      if (!handler) return { ok: false, error: `type: unknown job kind "${type}" (known: ${[...byType.keys()].sort().join(', ')})` };
      const parsed = handler.schema.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: issue ? `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'invalid' };
      }
      return { ok: true, handler, job: parsed.data };
    },
    types: () => [...byType.keys()].sort(),
  };
}
