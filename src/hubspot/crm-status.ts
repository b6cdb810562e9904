/**
 * What this process last learned about HubSpot, for `/readyz` and operators' logs. The caller
 * records every call's outcome; nothing here calls HubSpot. A DAILY block or a burst back-off
 * stays in force until its end, whatever later calls (which are not sent) would say.
 */
export type CrmState = 'ok' | 'throttled' | 'daily_blocked' | 'unreachable' | 'unknown';

export interface CrmStatus {
  state: CrmState;
  /** When the current state was first seen (ISO), null when no call was made yet. */
  since: string | null;
  /** End of a daily block or of a burst back-off (ISO); null otherwise. */
  until: string | null;
  /** One sentence for a person. */
  detail: string;
  /** When a call's outcome was last recorded (ISO); null when no call was made yet. */
  lastCallAt: string | null;
}

export type CallOutcome =
  | { kind: 'ok' }
  | { kind: 'throttled'; until: number }
  | { kind: 'daily_blocked'; until: number }
  | { kind: 'unreachable'; detail: string };

export interface CrmStatusTracker {
  record(outcome: CallOutcome): void;
  current(): CrmStatus;
}

export function createCrmStatusTracker(now: () => number): CrmStatusTracker {
  let last: { outcome: CallOutcome; since: number; at: number } | undefined;
  let throttledUntil = 0;
  let dailyUntil = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    record(outcome) {
      if (outcome.kind === 'throttled') throttledUntil = Math.max(throttledUntil, outcome.until);
      if (outcome.kind === 'daily_blocked') dailyUntil = Math.max(dailyUntil, outcome.until);
      // `since` keeps the first moment of an unbroken run of the same state.
      const at = now();
      if (!last || last.outcome.kind !== outcome.kind) last = { outcome, since: at, at };
      else last = { outcome, since: last.since, at };
    },
    current() {
      const t = now();
      const since = last ? iso(last.since) : null;
      const lastCallAt = last ? iso(last.at) : null;
      if (dailyUntil > t) {
        return { state: 'daily_blocked', since, until: iso(dailyUntil), detail: `HubSpot's daily API limit was reached; no HubSpot calls until ${iso(dailyUntil)}. Webhooks are still accepted and queued.`, lastCallAt };
      }
      if (throttledUntil > t) {
        return { state: 'throttled', since, until: iso(throttledUntil), detail: `HubSpot answered 429 (burst limit); calls wait until ${iso(throttledUntil)}.`, lastCallAt };
      }
      if (!last) return { state: 'unknown', since: null, until: null, detail: 'no HubSpot call made yet', lastCallAt };
      if (last.outcome.kind === 'unreachable') return { state: 'unreachable', since, until: null, detail: `HubSpot is not answering: ${last.outcome.detail}`, lastCallAt };
      // A block or back-off that has ended: the next call decides; until then HubSpot is presumed fine.
      return { state: 'ok', since, until: null, detail: 'HubSpot answered the last call', lastCallAt };
    },
  };
}
