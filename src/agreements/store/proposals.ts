import type { Executor } from '../../platform/db/database.ts';
import type { CeilingProposalsTable } from './tables.ts';

/** A proposed change of an agreement's ceiling, waiting for a second officer or decided. */
export interface CeilingProposal {
  id: string;
  agreementId: string;
  ceiling: bigint;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  state: CeilingProposalsTable['state'];
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

function toProposal(row: CeilingProposalsTable): CeilingProposal {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    ceiling: row.ceiling_minor,
    reason: row.reason,
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    state: row.state,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
  };
}

export async function insertProposal(
  db: Executor,
  proposal: Omit<CeilingProposal, 'state' | 'decidedBy' | 'decidedAt' | 'decisionReason'>,
): Promise<void> {
  await db
    .insertInto('ceiling_proposals')
    .values({
      id: proposal.id,
      agreement_id: proposal.agreementId,
      ceiling_minor: proposal.ceiling,
      reason: proposal.reason,
      proposed_by: proposal.proposedBy,
      proposed_at: proposal.proposedAt,
      state: 'pending',
    })
    .execute();
}

export async function decideProposal(
  db: Executor,
  id: string,
  decision: { approved: boolean; by: string; at: string; reason: string },
): Promise<void> {
  await db
    .updateTable('ceiling_proposals')
    .set({
      state: decision.approved ? 'approved' : 'rejected',
      decided_by: decision.by,
      decided_at: decision.at,
      decision_reason: decision.reason,
    })
    .where('id', '=', id)
    .execute();
}

export async function findProposal(
  db: Executor,
  agreementId: string,
  id: string,
): Promise<CeilingProposal | undefined> {
  const row = await db
    .selectFrom('ceiling_proposals')
    .selectAll()
    .where('id', '=', id)
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
  return row === undefined ? undefined : toProposal(row);
}

export async function proposalsOf(db: Executor, agreementId: string): Promise<CeilingProposal[]> {
  const rows = await db
    .selectFrom('ceiling_proposals')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('proposed_at')
    .orderBy('id')
    .execute();
  return rows.map(toProposal);
}
