import type { Trx } from '../platform/db/database.ts';
import type { ProjectedEvent } from '../platform/ledger/model.ts';
import type { Projector } from '../platform/ledger/projector.ts';
import { agreementEvents } from './events.ts';
import {
  AGREEMENT_TABLES,
  addCommitted,
  addDelivered,
  addMonthlyLoad,
  addPooled,
  addRebated,
  addToTimeline,
  decideDelivery,
  decideProposal,
  findCallOff,
  findDelivery,
  insertAgreement,
  insertDelivery,
  insertPlacements,
  insertProposal,
  type Placement,
  replaceSchedule,
  setAgreementState,
  setCeiling,
  updateCallOff,
} from './store.ts';

async function callOffOf(trx: Trx, id: string) {
  const callOff = await findCallOff(trx, id);
  if (callOff === undefined) throw new Error(`the ledger names an unknown call-off ${id}`);
  return callOff;
}

function placementOf(event: ProjectedEvent): Placement {
  return {
    placed: agreementEvents.CallOffPlaced.parse(event.payload),
    entry: { at: event.recordedAt, actor: event.actor, kind: 'placed', detail: event.payload },
    eventId: event.id,
  };
}

async function project(trx: Trx, event: ProjectedEvent): Promise<void> {
  const note = (callOff: string, kind: string) =>
    addToTimeline(
      trx,
      callOff,
      { at: event.recordedAt, actor: event.actor, kind, detail: event.payload },
      event.id,
    );
  switch (event.type) {
    case 'AgreementCreated':
      await insertAgreement(
        trx,
        agreementEvents.AgreementCreated.parse(event.payload),
        event.recordedAt,
        event.id,
      );
      return;
    case 'AgreementStateChanged': {
      const changed = agreementEvents.AgreementStateChanged.parse(event.payload);
      await setAgreementState(trx, changed.agreement, changed.to, event.id);
      return;
    }
    case 'CeilingChangeProposed': {
      const proposed = agreementEvents.CeilingChangeProposed.parse(event.payload);
      await insertProposal(trx, {
        id: proposed.proposal,
        agreementId: proposed.agreement,
        ceiling: BigInt(proposed.ceiling),
        reason: proposed.reason,
        proposedBy: event.actor,
        proposedAt: event.recordedAt,
      });
      return;
    }
    case 'CeilingChangeDecided': {
      const decided = agreementEvents.CeilingChangeDecided.parse(event.payload);
      await decideProposal(trx, decided.proposal, {
        approved: decided.approved,
        by: event.actor,
        at: event.recordedAt,
        reason: decided.reason,
      });
      if (decided.approved) await setCeiling(trx, decided.agreement, BigInt(decided.to));
      return;
    }
    case 'CallOffRebated': {
      const rebate = agreementEvents.CallOffRebated.parse(event.payload);
      const callOff = await callOffOf(trx, rebate.callOff);
      const ceilingAmount = BigInt(rebate.ceilingAmount);
      await updateCallOff(
        trx,
        callOff.id,
        {
          unit_price_minor: BigInt(rebate.toUnitPrice),
          value_minor: callOff.value - BigInt(rebate.amount),
          ceiling_value_minor: callOff.ceilingValue - ceilingAmount,
        },
        event.id,
      );
      await addRebated(trx, callOff.id, ceilingAmount);
      await addCommitted(trx, callOff.agreementId, callOff.nation, -ceilingAmount);
      await note(callOff.id, 'rebated');
      return;
    }
    case 'CallOffConfirmed': {
      const { callOff } = agreementEvents.CallOffConfirmed.parse(event.payload);
      await updateCallOff(trx, callOff, { state: 'confirmed' }, event.id);
      await note(callOff, 'confirmed');
      return;
    }
    case 'CallOffAmended': {
      const amended = agreementEvents.CallOffAmended.parse(event.payload);
      const callOff = await callOffOf(trx, amended.callOff);
      const { before, after } = amended;
      await updateCallOff(
        trx,
        callOff.id,
        {
          quantity: BigInt(after.quantity),
          unit_price_minor: BigInt(after.unitPrice),
          variation_bp: after.variationBp,
          value_minor: BigInt(after.value),
          ceiling_value_minor: BigInt(after.ceilingValue),
        },
        event.id,
      );
      await replaceSchedule(trx, callOff.id, after.schedule);
      await addMonthlyLoad(trx, callOff.agreementId, callOff.supplier, before.schedule, -1n);
      await addMonthlyLoad(trx, callOff.agreementId, callOff.supplier, after.schedule, 1n);
      await addCommitted(
        trx,
        callOff.agreementId,
        callOff.nation,
        BigInt(after.ceilingValue) - BigInt(before.ceilingValue),
      );
      await addPooled(
        trx,
        callOff.agreementId,
        callOff.supplier,
        callOff.nsn,
        BigInt(after.quantity) - BigInt(before.quantity),
      );
      await note(callOff.id, 'amended');
      return;
    }
    case 'CallOffCancelled': {
      const cancelled = agreementEvents.CallOffCancelled.parse(event.payload);
      const callOff = await callOffOf(trx, cancelled.callOff);
      await updateCallOff(
        trx,
        callOff.id,
        { state: 'cancelled', cancel_reason: cancelled.reason },
        event.id,
      );
      await addCommitted(trx, callOff.agreementId, callOff.nation, -callOff.ceilingValue);
      await addPooled(trx, callOff.agreementId, callOff.supplier, callOff.nsn, -callOff.quantity);
      await addMonthlyLoad(
        trx,
        callOff.agreementId,
        callOff.supplier,
        callOff.schedule.map((m) => ({ month: m.month, quantity: m.quantity.toString() })),
        -1n,
      );
      await note(callOff.id, 'cancelled');
      return;
    }
    case 'DeliveryDeclared': {
      const declared = agreementEvents.DeliveryDeclared.parse(event.payload);
      await insertDelivery(trx, declared, event.recordedAt);
      await addDelivered(trx, declared.callOff, BigInt(declared.quantity), 0n);
      await note(declared.callOff, 'delivery declared');
      return;
    }
    case 'DeliveryAccepted':
    case 'DeliveryRejected': {
      const accepted = event.type === 'DeliveryAccepted';
      const decided = accepted
        ? { ...agreementEvents.DeliveryAccepted.parse(event.payload), reason: null }
        : agreementEvents.DeliveryRejected.parse(event.payload);
      const delivery = await findDelivery(trx, decided.delivery);
      if (delivery === undefined) throw new Error('the ledger names an unknown delivery');
      const reason = decided.reason;
      await decideDelivery(
        trx,
        delivery.id,
        accepted ? 'accepted' : 'rejected',
        reason,
        event.recordedAt,
      );
      await addDelivered(
        trx,
        decided.callOff,
        -delivery.quantity,
        accepted ? delivery.quantity : 0n,
      );
      await note(decided.callOff, accepted ? 'delivery accepted' : 'delivery rejected');
      return;
    }
    case 'CallOffClosed': {
      const { callOff } = agreementEvents.CallOffClosed.parse(event.payload);
      await updateCallOff(trx, callOff, { state: 'closed' }, event.id);
      await note(callOff, 'closed');
      return;
    }
  }
}

/** Keeps the agreements' and call-offs' tables in step with the ledger. */
export const agreementsProjector: Projector = {
  name: 'agreements',
  tables: AGREEMENT_TABLES,
  // Consecutive placements, the bulk of a busy ledger, are projected together in one statement.
  async project(trx, events) {
    let placements: Placement[] = [];
    for (const event of events) {
      if (event.type === 'CallOffPlaced') {
        placements.push(placementOf(event));
        continue;
      }
      await insertPlacements(trx, placements);
      placements = [];
      await project(trx, event);
    }
    await insertPlacements(trx, placements);
  },
};
