import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { NewEvent } from '../../platform/ledger/model.ts';
import { findDelivery } from '../store.ts';
import { lockedCallOff } from './call-offs.ts';
import { event, invalid, recordOn } from './shared.ts';

/** What a supplier declares it delivered against a call-off. */
export interface DeliveryInput {
  quantity: bigint;
  lotNumber: string;
  deliveredOn: string;
}

/** The supplier declares a delivery, whole or partial, for the nation to accept or reject. */
export async function declareDelivery(
  scope: CommandScope,
  callOffId: string,
  input: DeliveryInput,
): Promise<string> {
  const { callOff, agreement } = await lockedCallOff(scope, callOffId);
  if (callOff.state !== 'confirmed') {
    throw new DomainError(
      'INVALID_TRANSITION',
      callOff.state === 'placed'
        ? 'The supplier confirms a call-off before delivering against it.'
        : `The call-off is ${callOff.state}.`,
    );
  }
  const open = callOff.quantity - callOff.acceptedQuantity - callOff.declaredQuantity;
  if (input.quantity > open) {
    throw invalid('body.quantity', `only ${open} units are left to deliver`);
  }
  const delivery = newId();
  await recordOn(scope, agreement.id, undefined, [
    event('DeliveryDeclared', {
      agreement: agreement.id,
      callOff: callOffId,
      delivery,
      quantity: input.quantity.toString(),
      lotNumber: input.lotNumber,
      deliveredOn: input.deliveredOn,
    }),
  ]);
  return delivery;
}

/**
 * The nation accepts a declared delivery, or rejects it with a reason; the call-off closes when
 * every unit is delivered and accepted.
 */
export async function decideDelivery(
  scope: CommandScope,
  callOffId: string,
  deliveryId: string,
  decision: { accept: true } | { accept: false; reason: string },
): Promise<void> {
  const { callOff, agreement } = await lockedCallOff(scope, callOffId);
  const delivery = await findDelivery(scope.trx, deliveryId);
  if (delivery === undefined || delivery.callOffId !== callOffId) {
    throw new DomainError('NOT_FOUND', `No delivery ${deliveryId} on this call-off.`);
  }
  if (delivery.state !== 'declared') {
    throw new DomainError('INVALID_TRANSITION', `The delivery is ${delivery.state} already.`);
  }
  const ids = { agreement: agreement.id, callOff: callOffId, delivery: deliveryId };
  const events: NewEvent[] = decision.accept
    ? [event('DeliveryAccepted', ids)]
    : [event('DeliveryRejected', { ...ids, reason: decision.reason })];
  if (decision.accept && callOff.acceptedQuantity + delivery.quantity === callOff.quantity) {
    events.push(event('CallOffClosed', { agreement: agreement.id, callOff: callOffId }));
  }
  await recordOn(scope, agreement.id, undefined, events);
}
