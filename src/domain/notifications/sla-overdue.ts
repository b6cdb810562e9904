// A partner's response commitment: after the deal's last stage change or last customer meeting,
// the partner owes a logged touchpoint within its response SLA (hours, from the deal's plan).

export interface SlaCommitment {
  partnerId: string;
  responseSlaHours: number;
}

export interface SlaInput {
  commitments: SlaCommitment[];
  /** When the deal last changed stage (ISO instant), if known. */
  lastStageChangeAt: string | null;
  /** When the last customer meeting took place (ISO instant), if any. */
  lastMeetingAt: string | null;
  /** Touchpoints logged on the deal: who contributed them and when they happened. */
  touchpoints: Array<{ partnerId: string; occurredAt: string }>;
  now: Date;
}

export interface OverdueCommitment {
  partnerId: string;
  /** The event the partner had to answer (ISO instant): names the overdue period. */
  since: string;
  /** When the SLA ran out (ISO instant). */
  dueAt: string;
  responseSlaHours: number;
}

const HOUR_MS = 3_600_000;

/**
 * The partners whose commitment is overdue: the SLA after the later of the last stage change and
 * the last customer meeting has run out with no touchpoint from that partner since that moment.
 * Nothing is overdue before either event is known.
 *
 * @example overdueCommitments({ commitments: [{ partnerId: '7', responseSlaHours: 24 }], lastStageChangeAt: '2026-05-01T09:00:00Z', lastMeetingAt: null, touchpoints: [], now: new Date('2026-05-02T10:00:00Z') })
 * // [{ partnerId: '7', since: '2026-05-01T09:00:00.000Z', dueAt: '2026-05-02T09:00:00.000Z', responseSlaHours: 24 }]
 */
export function overdueCommitments(input: SlaInput): OverdueCommitment[] {
  const events = [input.lastStageChangeAt, input.lastMeetingAt].filter((t): t is string => t !== null).map((t) => Date.parse(t)).filter((t) => Number.isFinite(t));
  if (events.length === 0) return [];
  const since = Math.max(...events);
  const out: OverdueCommitment[] = [];
  for (const c of input.commitments) {
    const due = since + c.responseSlaHours * HOUR_MS;
    if (input.now.getTime() <= due) continue;
    const answered = input.touchpoints.some((t) => t.partnerId === c.partnerId && Date.parse(t.occurredAt) >= since);
    if (answered) continue;
    out.push({ partnerId: c.partnerId, since: new Date(since).toISOString(), dueAt: new Date(due).toISOString(), responseSlaHours: c.responseSlaHours });
  }
  return out;
}
