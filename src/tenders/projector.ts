import type { Trx } from '../platform/db/database.ts';
import type { ProjectedEvent } from '../platform/ledger/model.ts';
import type { Projector } from '../platform/ledger/projector.ts';
import { tenderEvents } from './events.ts';
import {
  answerClarification,
  decideChallenge,
  insertBid,
  insertChallenge,
  insertClarification,
  insertDeclaration,
  insertTender,
  json,
  putMark,
  putRanking,
  registerClasses,
  setLotAgreement,
  TENDER_TABLES,
  updateBids,
  updateTender,
} from './store.ts';

async function apply(trx: Trx, event: ProjectedEvent): Promise<void> {
  const at = event.recordedAt;
  switch (event.type) {
    case 'TenderCreated': {
      const t = tenderEvents.TenderCreated.parse(event.payload);
      await insertTender(
        trx,
        {
          id: t.id,
          title: t.title,
          currency: t.currency,
          state: 'draft',
          bid_deadline: t.bidDeadline,
          standstill_days: t.standstillDays,
          standstill_ends_at: null,
          eligibility: json(t.eligibility),
          // Until publication fixes the rates, each accepted currency is listed unconverted.
          conversions: json(
            t.currencies.map((c) => ({
              from: c,
              to: t.currency,
              rate: '1',
              inverted: false,
              day: '',
            })),
          ),
          method: json(t.method),
          documents: t.documents,
          published_at: null,
          cancel_reason: null,
          award: json(null),
          award_proposed_by: null,
          event_id: event.id,
        },
        t.lots.map((l) => ({
          tender_id: t.id,
          lot: l.lot,
          title: l.title,
          items: json(l.items),
          quantity: BigInt(l.quantity),
          nations: json(l.nations),
          requirements: json(l.requirements),
          ceiling_minor: BigInt(l.ceiling),
          duration_months: l.durationMonths,
          awards: l.awards,
          agreement_id: null,
        })),
      );
      return;
    }
    case 'TenderPublished': {
      const p = tenderEvents.TenderPublished.parse(event.payload);
      await updateTender(trx, p.tender, {
        state: 'published',
        published_at: at,
        conversions: json(p.conversions),
      });
      return;
    }
    case 'TenderDocumentsAmended': {
      const p = tenderEvents.TenderDocumentsAmended.parse(event.payload);
      await updateTender(trx, p.tender, { documents: p.documents, documents_version: p.version });
      await updateBids(trx, p.invalidatedBids, { state: 'invalidated' });
      return;
    }
    case 'SupplierRegistered': {
      const p = tenderEvents.SupplierRegistered.parse(event.payload);
      await registerClasses(trx, p.supplier, p.supplyClasses);
      return;
    }
    case 'ClarificationAsked': {
      const p = tenderEvents.ClarificationAsked.parse(event.payload);
      await insertClarification(trx, {
        id: p.clarification,
        tender_id: p.tender,
        asked_by: p.askedBy,
        question: p.question,
        asked_at: at,
        answer: null,
        answered_at: null,
      });
      return;
    }
    case 'ClarificationAnswered': {
      const p = tenderEvents.ClarificationAnswered.parse(event.payload);
      await answerClarification(trx, p.clarification, p.answer, at);
      return;
    }
    case 'BidSubmitted': {
      const p = tenderEvents.BidSubmitted.parse(event.payload);
      await insertBid(trx, {
        id: p.bid,
        tender_id: p.tender,
        lot: p.lot,
        supplier: p.supplier,
        state: 'submitted',
        commitment: p.commitment,
        submitted_at: at,
        final_submitted_at: at,
        documents_version: p.documentsVersion,
        content: json(null),
        salt: null,
        set_aside_reason: null,
        set_aside_detail: null,
      });
      return;
    }
    case 'BidReplaced': {
      const p = tenderEvents.BidReplaced.parse(event.payload);
      await updateBids(trx, [p.bid], {
        state: 'submitted',
        commitment: p.commitment,
        final_submitted_at: at,
        documents_version: p.documentsVersion,
      });
      return;
    }
    case 'BidConfirmed': {
      const p = tenderEvents.BidConfirmed.parse(event.payload);
      await updateBids(trx, [p.bid], {
        state: 'submitted',
        final_submitted_at: at,
        documents_version: p.documentsVersion,
      });
      return;
    }
    case 'BidWithdrawn': {
      const p = tenderEvents.BidWithdrawn.parse(event.payload);
      await updateBids(trx, [p.bid], { state: 'withdrawn' });
      return;
    }
    case 'TenderClosed': {
      const p = tenderEvents.TenderClosed.parse(event.payload);
      await updateTender(trx, p.tender, { state: 'closed' });
      return;
    }
    case 'TenderOpened': {
      const p = tenderEvents.TenderOpened.parse(event.payload);
      await updateTender(trx, p.tender, { state: 'opened' });
      for (const o of p.opened) {
        await updateBids(trx, [o.bid], { state: 'opened', content: json(o.content), salt: o.salt });
      }
      for (const s of p.setAside) {
        await updateBids(trx, [s.bid], {
          state: 'set-aside',
          set_aside_reason: s.reason,
          set_aside_detail: s.detail,
        });
      }
      return;
    }
    case 'ConflictOfInterestDeclared': {
      const p = tenderEvents.ConflictOfInterestDeclared.parse(event.payload);
      await insertDeclaration(trx, {
        tender_id: p.tender,
        evaluator: p.evaluator,
        statement: p.statement,
        declared_at: at,
      });
      return;
    }
    case 'RequirementMarked': {
      const p = tenderEvents.RequirementMarked.parse(event.payload);
      await putMark(trx, {
        tender_id: p.tender,
        bid_id: p.bid,
        requirement: p.requirement,
        pass: p.pass,
        justification: p.justification,
        evaluator: p.evaluator,
      });
      return;
    }
    case 'TenderEvaluated': {
      const p = tenderEvents.TenderEvaluated.parse(event.payload);
      await updateTender(trx, p.tender, {
        state: 'evaluated',
        award: json(null),
        award_proposed_by: null,
        standstill_ends_at: null,
      });
      await putRanking(
        trx,
        p.tender,
        p.ranking.map((r) => ({
          tender_id: p.tender,
          lot: r.lot,
          rank: r.rank,
          bid_id: r.bid,
          supplier: r.supplier,
          price_minor: BigInt(r.price),
          score: r.score === null ? null : BigInt(r.score),
        })),
      );
      return;
    }
    case 'AwardProposed': {
      const p = tenderEvents.AwardProposed.parse(event.payload);
      await updateTender(trx, p.tender, {
        award: json(p.awardees),
        award_proposed_by: event.actor,
      });
      return;
    }
    case 'AwardApproved': {
      const p = tenderEvents.AwardApproved.parse(event.payload);
      await updateTender(trx, p.tender, {
        state: 'awarded',
        standstill_ends_at: p.standstillEndsAt,
      });
      return;
    }
    case 'ChallengeLodged': {
      const p = tenderEvents.ChallengeLodged.parse(event.payload);
      await insertChallenge(trx, {
        id: p.challenge,
        tender_id: p.tender,
        supplier: p.supplier,
        reason: p.reason,
        documents: json(p.documents),
        state: 'pending',
        decision_reason: null,
        lodged_at: at,
      });
      return;
    }
    case 'ChallengeDecided': {
      const p = tenderEvents.ChallengeDecided.parse(event.payload);
      await decideChallenge(trx, p.challenge, p.upheld ? 'upheld' : 'rejected', p.reason);
      if (p.upheld) {
        // Re-evaluation: the award falls, the tender is evaluated again.
        await updateTender(trx, p.tender, {
          state: 'opened',
          award: json(null),
          award_proposed_by: null,
          standstill_ends_at: null,
        });
      }
      return;
    }
    case 'AwardFinal': {
      const p = tenderEvents.AwardFinal.parse(event.payload);
      await updateTender(trx, p.tender, { state: 'final' });
      for (const a of p.agreements) await setLotAgreement(trx, p.tender, a.lot, a.agreement);
      return;
    }
    case 'TenderCancelled': {
      const p = tenderEvents.TenderCancelled.parse(event.payload);
      await updateTender(trx, p.tender, { state: 'cancelled', cancel_reason: p.reason });
      return;
    }
    default:
      return;
  }
}

/** Keeps the tenders' read tables in step with the ledger. Sealed content is never among them. */
export const tendersProjector: Projector = {
  name: 'tenders',
  tables: TENDER_TABLES,
  async project(trx, events) {
    for (const event of events) await apply(trx, event);
  },
};
