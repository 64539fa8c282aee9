/**
 * A tender's lifecycle. `awarded` is the standstill: the award may still be challenged, and an
 * upheld challenge sends the tender back to `opened` for re-evaluation. `final` and
 * `cancelled` are the two ends.
 */
export const TENDER_STATES = [
  'draft',
  'published',
  'closed',
  'opened',
  'evaluated',
  'awarded',
  'final',
  'cancelled',
] as const;
export type TenderState = (typeof TENDER_STATES)[number];

const TRANSITIONS: Record<TenderState, readonly TenderState[]> = {
  draft: ['published', 'cancelled'],
  published: ['closed', 'cancelled'],
  closed: ['opened', 'cancelled'],
  opened: ['evaluated', 'cancelled'],
  evaluated: ['awarded', 'cancelled'],
  awarded: ['final', 'opened', 'cancelled'],
  final: [],
  cancelled: [],
};

/** Whether a tender in `from` may move to `to`. */
export function mayMove(from: TenderState, to: TenderState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What the clock looks at to move a tender by itself. */
export interface TenderTimes {
  state: TenderState;
  /** ISO 8601 instant after which no bid is taken. */
  bidDeadline: string;
  /** ISO 8601 instant at which the standstill of an approved award ends, or null. */
  standstillEndsAt: string | null;
  /** Challenges lodged during the standstill and not yet decided. */
  pendingChallenges: number;
}

/**
 * The move the clock alone makes at `now`: the bid deadline closes a published tender; the end of
 * the standstill, with no challenge pending, makes an award final. Undefined when none is due.
 */
export function dueMove(tender: TenderTimes, now: Date): TenderState | undefined {
  const at = now.getTime();
  if (tender.state === 'published' && at >= Date.parse(tender.bidDeadline)) return 'closed';
  if (
    tender.state === 'awarded' &&
    tender.standstillEndsAt !== null &&
    at >= Date.parse(tender.standstillEndsAt) &&
    tender.pendingChallenges === 0
  ) {
    return 'final';
  }
  return undefined;
}

/** Whether bids may still be submitted, replaced or withdrawn at `now`. */
export function takesBids(tender: Pick<TenderTimes, 'state' | 'bidDeadline'>, now: Date): boolean {
  return tender.state === 'published' && now.getTime() < Date.parse(tender.bidDeadline);
}
